/** Where the e2e stack listens: its own ports, so a developer's running stack is left alone. */
export const PORT = 3100;
export const BASE_URL = `http://localhost:${PORT}`;
export const SMTP_PORT = 1125;
export const MAIL_HTTP_PORT = 1180;
export const MAIL_URL = `http://127.0.0.1:${MAIL_HTTP_PORT}/messages.json`;
export const DATA_DIR = '.data-e2e';
