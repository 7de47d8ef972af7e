/**
 * Where the e2e stack listens: its own ports, so a developer's running stack is left alone.
 * `E2E_PORT` moves them all (several checkouts on one machine).
 */
export const PORT = Number(process.env.E2E_PORT ?? 3100);
export const BASE_URL = `http://localhost:${PORT}`;
/** The same server at the address it binds. */
export const IP_BASE_URL = `http://127.0.0.1:${PORT}`;
export const SMTP_PORT = PORT - 1975;
export const MAIL_HTTP_PORT = PORT - 1920;
export const MAIL_URL = `http://127.0.0.1:${MAIL_HTTP_PORT}/messages.json`;
export const DATA_DIR = `.data-e2e-${PORT}`;
/** The fake Stripe the e2e stack starts (STRIPE_FAKE_PORT); its /_control endpoints make payments fail. */
export const STRIPE_FAKE_PORT = PORT - 1850;
export const STRIPE_FAKE_URL = `http://127.0.0.1:${STRIPE_FAKE_PORT}`;
