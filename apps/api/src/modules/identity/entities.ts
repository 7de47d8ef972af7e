import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { ROLES } from '@pilot/domain';
import { newId } from '../../lib/ids.ts';

/** A person who signs in: NGO staff, unit contacts, ministry coordinators, platform operators. */
export const User = defineEntity({
  name: 'User',
  tableName: 'user_account',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    email: p.string().unique(),
    fullName: p.string(),
    phone: p.string().nullable(),
    passwordHash: p.string().nullable().hidden(),
    status: p.enum(['invited', 'active', 'deactivated'] as const).default('invited'),
    locale: p.enum(['uk', 'en'] as const).default('uk'),
    lastLoginAt: p.datetime().nullable(),
    /** TOTP secret, encrypted (lib/crypto.ts); pending until the first code confirms it. */
    totpSecret: p.string().nullable().hidden(),
    totpPendingSecret: p.string().nullable().hidden(),
    totpEnabledAt: p.datetime().nullable(),
    /** The last 30-second step a code was accepted for: a code is good once. */
    totpLastStep: p.bigint('number').nullable().hidden(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type IUser = InferEntity<typeof User>;

/**
 * A user's roles in one scope: a provider (NGO staff), a military unit (unit contact), or
 * none (ministry, platform). One membership per user for now.
 */
export const Membership = defineEntity({
  name: 'Membership',
  tableName: 'membership',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    userId: p.uuid().unique(),
    providerId: p.uuid().nullable(),
    unitId: p.uuid().nullable(),
    roles: p.array<(typeof ROLES)[number]>(),
    position: p.string().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IMembership = InferEntity<typeof Membership>;

/** A signed-in device: the family of rotating refresh tokens issued since one login. */
export const AuthSession = defineEntity({
  name: 'AuthSession',
  tableName: 'auth_session',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    userId: p.uuid().index(),
    userAgent: p.string().nullable(),
    ip: p.string().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastUsedAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
    revokedReason: p.string().nullable(),
  },
});
export type IAuthSession = InferEntity<typeof AuthSession>;

/** One refresh token of a session, stored as a SHA-256 hash; used once, then rotated. */
export const RefreshToken = defineEntity({
  name: 'RefreshToken',
  tableName: 'refresh_token',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    sessionId: p.uuid().index(),
    tokenHash: p.string().unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
    usedAt: p.datetime().nullable(),
  },
});
export type IRefreshToken = InferEntity<typeof RefreshToken>;

/** One-time links sent by email: invitations and password resets. */
export const ActionToken = defineEntity({
  name: 'ActionToken',
  tableName: 'action_token',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    userId: p.uuid().index(),
    kind: p.enum(['invitation', 'password_reset', 'mfa_challenge'] as const),
    tokenHash: p.string().unique(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IActionToken = InferEntity<typeof ActionToken>;

/**
 * Failed sign-ins per email address, known or not, so that an unknown address locks exactly
 * like a real one and the answer never tells which addresses exist.
 */
export const LoginThrottle = defineEntity({
  name: 'LoginThrottle',
  tableName: 'login_throttle',
  properties: {
    email: p.string().primary(),
    failures: p.integer().default(0),
    lockedUntil: p.datetime().nullable(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type ILoginThrottle = InferEntity<typeof LoginThrottle>;
