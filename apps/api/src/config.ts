import { z } from 'zod';
import { ROLES, type Role } from '@pilot/domain';
import { parseKeyring, type Keyring } from './lib/crypto.ts';

const DEV_JWT_SECRET = 'dev-only-secret-change-me-dev-only-secret-change-me';
// Development-only keys (32 zero bytes / 32 bytes of 1s); production refuses them.
const DEV_ENCRYPTION_KEYS = `dev:${Buffer.alloc(32).toString('base64')}`;
const DEV_BLIND_INDEX_KEY = Buffer.alloc(32, 1).toString('base64');
const DEFAULT_MFA_ROLES = 'platform_operator,ministry_coordinator,ngo_admin,supervisor';
/** An optional variable; set but empty counts as unset (as compose files and Helm values often leave them). */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  DATABASE_OWNER_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_REPLICA_URLS: z.string().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_JWT_SECRET),
  DATA_ENCRYPTION_KEYS: z.string().default(DEV_ENCRYPTION_KEYS),
  BLIND_INDEX_KEY: z.string().default(DEV_BLIND_INDEX_KEY),
  MFA_REQUIRED_ROLES: z.string().default(DEFAULT_MFA_ROLES),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  DATA_DIR: z.string().default('.data'),
  SMTP_URL: z.string().default('smtp://127.0.0.1:1025'),
  MAIL_FROM: z.string().default('Pilot <no-reply@pilot.local>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_SEED: bool.default(false),
  JOBS: bool.default(true),
  /** Serve the built web app from this server (`false`: the API alone, e.g. `./pilot start --api-only`). */
  SERVE_WEB: bool.default(true),
  // false: only loopback (the web app on the same host); a number: that many proxy hops in front
  // (1 behind an ingress); true: every hop (only if nothing can reach the server directly);
  // otherwise a comma-separated list of proxy addresses or CIDRs.
  TRUST_PROXY: z.string().default('false').transform(trustProxy),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  /** Providers whose report counts the refresh computes at once (each holds a connection and a database core). */
  REPORT_REFRESH_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  /** Days after the last case of a family closed before its people are anonymised (5 years). */
  RETENTION_DAYS: z.coerce.number().int().min(30).max(36_500).default(1826),
  // Prometheus metrics on a port of their own, never on the public one (docs/operations.md).
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  METRICS_HOST: z.string().optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  STRIPE_SECRET_KEY: optional(z.string().regex(/^(sk|rk)_(test|live)_\w+$/, 'must be a Stripe secret or restricted key (sk_… / rk_…)')),
  STRIPE_WEBHOOK_SECRET: optional(z.string().regex(/^whsec_\w+$/, 'must be a webhook signing secret (whsec_…)')),
  STRIPE_PRICE_MONTHLY: optional(z.string().regex(/^price_\w+$/, 'must be a Stripe price id (price_…)')),
  STRIPE_PRICE_YEARLY: optional(z.string().regex(/^price_\w+$/, 'must be a Stripe price id (price_…)')),
  STRIPE_API_BASE: optional(z.url({ protocol: /^https?$/ })),
  BILLING_GRACE_DAYS: z.coerce.number().int().min(0).max(90).default(14),
  DOCUMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1_048_576).default(10 * 1_048_576),
  S3_BUCKET: z.string().min(3).optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: bool.default(true),
});

/** Fastify's `trustProxy`: `false` keeps the loopback default (the web app calling from the same host). */
function trustProxy(value: string, ctx: z.RefinementCtx): boolean | number | string[] {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value) || false;
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (!list.length || list.some((a) => !/^[\d.:a-fA-F]+(\/\d{1,3})?$/.test(a))) {
    ctx.addIssue({ code: 'custom', message: 'must be true, false, a number of hops or a list of addresses/CIDRs' });
    return z.NEVER;
  }
  return list;
}

/** Every variable the API and the worker read (deployment files are checked against it). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(ZEnv.shape);

export type Config = z.infer<typeof ZEnv> & {
  keyring: Keyring;
  mfaRequiredRoles: Role[];
  publicUrl: string;
  databaseOwnerUrl: string;
  replicaUrls: string[];
  secureCookies: boolean;
  billing: BillingConfig;
};

/** Billing is on when a Stripe key is set; without one every provider behaves as sponsored. */
export interface BillingConfig {
  enabled: boolean;
  secretKey: string | null;
  webhookSecret: string | null;
  /** Stripe price id of each paid plan that is offered. */
  prices: Partial<Record<'monthly' | 'yearly', string>>;
  /** Only to reach a local fake or stripe-mock; unset, the SDK talks to api.stripe.com. */
  apiBase: URL | null;
  graceDays: number;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/** Reads and validates the environment; production refuses defaults and demo seeding. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const c = parsed.data;
  const problems: string[] = [];
  if (c.NODE_ENV === 'production') {
    if (!env.JWT_SECRET || c.JWT_SECRET === DEV_JWT_SECRET) problems.push('JWT_SECRET: must be set to a secret of your own in production');
    if (c.DEMO_SEED) problems.push('DEMO_SEED: demo data must never be loaded in production');
    if (!c.PUBLIC_URL) problems.push('PUBLIC_URL: must be set in production (links in emails)');
    if (c.DATA_ENCRYPTION_KEYS === DEV_ENCRYPTION_KEYS) problems.push('DATA_ENCRYPTION_KEYS: must be set to keys of your own in production');
    if (c.BLIND_INDEX_KEY === DEV_BLIND_INDEX_KEY) problems.push('BLIND_INDEX_KEY: must be set to a key of your own in production');
  }
  let keyring: Keyring | undefined;
  try {
    keyring = parseKeyring(c.DATA_ENCRYPTION_KEYS, c.BLIND_INDEX_KEY);
  } catch (err) {
    problems.push(`DATA_ENCRYPTION_KEYS / BLIND_INDEX_KEY: ${(err as Error).message}`);
  }
  const mfaRequiredRoles = c.MFA_REQUIRED_ROLES.split(',').map((r) => r.trim()).filter(Boolean);
  const unknownRoles = mfaRequiredRoles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknownRoles.length) problems.push(`MFA_REQUIRED_ROLES: unknown roles ${unknownRoles.join(', ')}`);
  if (c.METRICS_PORT !== undefined && c.METRICS_PORT === c.PORT) problems.push('METRICS_PORT: must differ from PORT (metrics are not public)');
  if (c.STRIPE_SECRET_KEY) {
    if (!c.STRIPE_WEBHOOK_SECRET) problems.push('STRIPE_WEBHOOK_SECRET: required when STRIPE_SECRET_KEY is set (webhooks are verified with it)');
    if (!c.STRIPE_PRICE_MONTHLY && !c.STRIPE_PRICE_YEARLY) problems.push('STRIPE_PRICE_MONTHLY / STRIPE_PRICE_YEARLY: set at least one price when STRIPE_SECRET_KEY is set');
    if (c.NODE_ENV === 'production' && c.STRIPE_API_BASE) problems.push('STRIPE_API_BASE: only for tests and local fakes, never in production');
  }
  if (problems.length || !keyring) throw new ConfigError(problems);
  const publicUrl = (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, '');
  return {
    ...c,
    keyring,
    mfaRequiredRoles: mfaRequiredRoles as Role[],
    publicUrl,
    databaseOwnerUrl: c.DATABASE_OWNER_URL ?? c.DATABASE_URL,
    replicaUrls: (c.DATABASE_REPLICA_URLS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    secureCookies: c.NODE_ENV === 'production' || publicUrl.startsWith('https://'),
    billing: {
      enabled: Boolean(c.STRIPE_SECRET_KEY),
      secretKey: c.STRIPE_SECRET_KEY ?? null,
      webhookSecret: c.STRIPE_WEBHOOK_SECRET ?? null,
      prices: {
        ...(c.STRIPE_PRICE_MONTHLY ? { monthly: c.STRIPE_PRICE_MONTHLY } : {}),
        ...(c.STRIPE_PRICE_YEARLY ? { yearly: c.STRIPE_PRICE_YEARLY } : {}),
      },
      apiBase: c.STRIPE_API_BASE ? new URL(c.STRIPE_API_BASE) : null,
      graceDays: c.BILLING_GRACE_DAYS,
    },
  };
}
