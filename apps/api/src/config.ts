import { z } from 'zod';
import { ROLES, type Role } from '@pilot/domain';
import { parseKeyring, type Keyring } from './lib/crypto.ts';

const DEV_JWT_SECRET = 'dev-only-secret-change-me-dev-only-secret-change-me';
// Development-only keys (32 zero bytes / 32 bytes of 1s); production refuses them.
const DEV_ENCRYPTION_KEYS = `dev:${Buffer.alloc(32).toString('base64')}`;
const DEV_BLIND_INDEX_KEY = Buffer.alloc(32, 1).toString('base64');
const DEFAULT_MFA_ROLES = 'platform_operator,ministry_coordinator,ngo_admin,supervisor';
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
  TRUST_PROXY: bool.default(false),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
});

export type Config = z.infer<typeof ZEnv> & {
  keyring: Keyring;
  mfaRequiredRoles: Role[];
  publicUrl: string;
  databaseOwnerUrl: string;
  replicaUrls: string[];
  secureCookies: boolean;
};

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
  };
}
