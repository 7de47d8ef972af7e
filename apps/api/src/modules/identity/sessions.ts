import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TTokenResponse } from '@pilot/contracts';
import type { Config } from '../../config.ts';
import { hashToken, newToken } from '../../lib/tokens.ts';
import { AuthSession, RefreshToken, type IMembership, type IUser } from './entities.ts';
import { actorOf, toMe } from './me.ts';

/**
 * The refresh cookie's name. Over HTTPS it carries the `__Host-` prefix: the browser then keeps
 * it only if it is Secure, for the whole host and no other domain, so a sibling subdomain cannot
 * plant or overwrite it (ASVS 3.4.4). Plain HTTP (local development) cannot use the prefix.
 */
export function refreshCookieName(config: Pick<Config, 'secureCookies'>): string {
  return config.secureCookies ? '__Host-pilot_refresh' : 'pilot_refresh';
}
/** A rotated token replayed this soon after use is a race between a user's own requests, not theft. */
const REUSE_GRACE_MS = 5_000;

export function setRefreshCookie(req: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date) {
  reply.setCookie(refreshCookieName(req.server.config), token, {
    httpOnly: true,
    secure: req.server.config.secureCookies,
    sameSite: 'strict',
    path: '/',
    expires: expiresAt,
  });
}

export function clearRefreshCookie(req: FastifyRequest, reply: FastifyReply) {
  reply.clearCookie(refreshCookieName(req.server.config), { path: '/', httpOnly: true, sameSite: 'strict', secure: req.server.config.secureCookies });
}

async function tokenResponse(req: FastifyRequest, user: IUser, membership: IMembership, sessionId: string): Promise<TTokenResponse> {
  return {
    accessToken: req.server.signAccessToken(actorOf(req.server.config, user, membership, sessionId)),
    expiresIn: req.server.config.ACCESS_TOKEN_TTL_SECONDS,
    user: await toMe(req.em, req.server.config, user, membership),
  };
}

/** Starts a session (one login on one device) and answers with its first tokens. */
export async function startSession(req: FastifyRequest, reply: FastifyReply, user: IUser, membership: IMembership) {
  const ttlMs = req.server.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000;
  const session = req.em.create(AuthSession, {
    userId: user.id,
    userAgent: req.headers['user-agent']?.slice(0, 300) ?? null,
    ip: req.ip,
    expiresAt: new Date(Date.now() + ttlMs),
  });
  const token = newToken();
  req.em.create(RefreshToken, { sessionId: session.id, tokenHash: hashToken(token) });
  setRefreshCookie(req, reply, token, session.expiresAt);
  return tokenResponse(req, user, membership, session.id);
}

export type RefreshOutcome =
  | { kind: 'ok'; sessionId: string; userId: string; token: string; expiresAt: Date }
  | { kind: 'invalid' }
  | { kind: 'superseded' }
  | { kind: 'reused'; sessionId: string; userId: string };

/**
 * Rotates a refresh token. A token is good once: replaying a used one (outside a short grace
 * for a user's own parallel requests) revokes the whole session, since someone has a copy.
 */
export async function rotateRefreshToken(em: EntityManager, presented: string): Promise<RefreshOutcome> {
  const row = await em.findOne(RefreshToken, { tokenHash: hashToken(presented) });
  if (!row) return { kind: 'invalid' };
  const session = await em.findOne(AuthSession, { id: row.sessionId });
  if (!session || session.revokedAt || session.expiresAt < new Date()) return { kind: 'invalid' };
  const claimed = await em.execute(`update refresh_token set used_at = now() where id = ? and used_at is null returning id`, [row.id]);
  if (claimed.length === 0) {
    const usedAt = row.usedAt ?? new Date();
    if (Date.now() - usedAt.getTime() < REUSE_GRACE_MS) return { kind: 'superseded' };
    await revokeSession(em, session.id, 'refresh_token_reuse');
    return { kind: 'reused', sessionId: session.id, userId: session.userId };
  }
  const token = newToken();
  em.create(RefreshToken, { sessionId: session.id, tokenHash: hashToken(token) });
  session.lastUsedAt = new Date();
  return { kind: 'ok', sessionId: session.id, userId: session.userId, token, expiresAt: session.expiresAt };
}

export async function continueSession(req: FastifyRequest, user: IUser, membership: IMembership, sessionId: string) {
  return tokenResponse(req, user, membership, sessionId);
}

export async function revokeSession(em: EntityManager, sessionId: string, reason: string) {
  await em.execute(`update auth_session set revoked_at = now(), revoked_reason = ? where id = ? and revoked_at is null`, [reason, sessionId]);
}

/** Ends every session of a user (password reset, deactivation). */
export async function revokeUserSessions(em: EntityManager, userId: string, reason: string, exceptSessionId?: string) {
  await em.execute(
    `update auth_session set revoked_at = now(), revoked_reason = ? where user_id = ? and revoked_at is null and id <> ?`,
    [reason, userId, exceptSessionId ?? '00000000-0000-0000-0000-000000000000'],
  );
}

/** The refresh token the browser presented, if any. */
export function presentedRefreshToken(req: FastifyRequest): string | undefined {
  return req.cookies[refreshCookieName(req.server.config)];
}
