import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZChangePassword, ZLoginBody, ZLoginResponse, ZMe, ZMfaVerify, ZPasswordResetRequest, ZProblem, ZTokenPassword, ZTokenResponse, ZUpdateMe,
} from '@pilot/contracts';
import { problemBody } from '../../plugins/errors.ts';
import { unprocessable } from '../../lib/problems.ts';
import { emails, render } from '../../lib/emails.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { hashToken, newToken } from '../../lib/tokens.ts';
import { ActionToken, Membership, User, type IMembership, type IUser } from './entities.ts';
import { acceptTotp, useRecoveryCode } from './mfa.ts';
import { loadAccount, meOf } from './me.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import {
  clearRefreshCookie, presentedRefreshToken, continueSession, revokeSession, revokeUserSessions, rotateRefreshToken,
  setRefreshCookie, startSession,
} from './sessions.ts';
import { clearFailures, lockedFor, recordFailure } from './throttle.ts';
import { consumeActionToken, findActionToken } from './action-tokens.ts';
import { assertAcceptablePassword } from './password-policy.ts';
import { signInLimit } from '../../plugins/rate-limit.ts';
import { notifySecurityChange } from './security-notices.ts';

const RESET_MINUTES = 60;
const MFA_CHALLENGE_SECONDS = 300;

export default async function authRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const loginLimit = signInLimit(root);

  app.post('/auth/login', {
    config: { public: true, rateLimit: loginLimit },
    schema: {
      tags: ['auth'], summary: 'Sign in with email and password (then a second factor, when set up)',
      body: ZLoginBody, response: { 200: ZLoginResponse, 401: ZProblem, 429: ZProblem },
    },
  }, async (req, reply) => {
    const { email, password } = req.body;
    const locked = await lockedFor(req.em, email);
    if (locked > 0) return lockedAnswer(reply, locked);
    const user = await req.em.findOne(User, { email });
    const ok = (await verifyPassword(user?.passwordHash, password)) && user?.status === 'active';
    const membership = ok && user ? await req.em.findOne(Membership, { userId: user.id }) : null;
    if (!ok || !user || !membership) {
      req.audit('auth.login_failed', 'user', user?.id ?? null);
      const lockedNow = await recordFailure(req.em, email);
      if (lockedNow) return lockedAnswer(reply, lockedNow);
      return problemBody(reply, 401, 'invalid_credentials', 'Email or password is wrong');
    }
    await clearFailures(req.em, email);
    if (user.totpEnabledAt) return mfaChallenge(req, user);
    return signedIn(req, reply, user, membership, 'password');
  });

  app.post('/auth/login/mfa', {
    config: { public: true, rateLimit: loginLimit },
    schema: {
      tags: ['auth'], summary: 'Second step of sign-in: a code from the authenticator app, or a recovery code',
      body: ZMfaVerify, response: { 200: ZTokenResponse, 401: ZProblem, 410: ZProblem, 429: ZProblem },
    },
  }, async (req, reply) => {
    const challenge = await findActionToken(req.em, req.body.mfaToken, 'mfa_challenge');
    const account = await loadAccount(req.em, challenge.userId);
    if (!account || account.user.status !== 'active') return problemBody(reply, 401, 'invalid_credentials', 'Sign in again');
    const { user, membership } = account;
    const locked = await lockedFor(req.em, user.email);
    if (locked > 0) return lockedAnswer(reply, locked);
    const ok = 'code' in req.body
      ? acceptTotp(req.server.config.keyring, user, req.body.code, req.server.clock())
      : await useRecoveryCode(req.em, user.id, req.body.recoveryCode);
    if (!ok) {
      req.audit('auth.mfa_failed', 'user', user.id);
      const lockedNow = await recordFailure(req.em, user.email);
      if (lockedNow) return lockedAnswer(reply, lockedNow);
      return problemBody(reply, 401, 'invalid_code', 'The code is wrong or already used', { errors: [{ path: 'body.code', message: 'Invalid code', code: 'invalid_code' }] });
    }
    await consumeActionToken(req.em, req.body.mfaToken, 'mfa_challenge');
    await clearFailures(req.em, user.email);
    return signedIn(req, reply, user, membership, 'code' in req.body ? 'totp' : 'recovery_code');
  });

  app.post('/auth/refresh', {
    config: { public: true, rateLimit: loginLimit },
    schema: { tags: ['auth'], summary: 'Exchange the refresh cookie for a new access token', response: { 200: ZTokenResponse, 401: ZProblem } },
  }, async (req, reply) => {
    const presented = presentedRefreshToken(req);
    const outcome = presented ? await rotateRefreshToken(req.em, presented) : { kind: 'invalid' as const };
    if (outcome.kind === 'reused') req.audit('auth.refresh_reuse_detected', 'auth_session', outcome.sessionId, { userId: outcome.userId });
    if (outcome.kind !== 'ok') {
      if (outcome.kind !== 'superseded') clearRefreshCookie(req, reply);
      return problemBody(reply, 401, outcome.kind === 'superseded' ? 'refresh_superseded' : 'invalid_refresh_token', 'Sign in again');
    }
    const account = await loadAccount(req.em, outcome.userId);
    if (!account || account.user.status !== 'active') {
      await revokeSession(req.em, outcome.sessionId, 'account_inactive');
      clearRefreshCookie(req, reply);
      return problemBody(reply, 401, 'invalid_refresh_token', 'Sign in again');
    }
    setRefreshCookie(req, reply, outcome.token, outcome.expiresAt);
    return continueSession(req, account.user, account.membership, outcome.sessionId);
  });

  app.post('/auth/logout', {
    config: { public: true },
    schema: { tags: ['auth'], summary: 'Sign out: ends this session and clears the cookie' },
  }, async (req, reply) => {
    const presented = presentedRefreshToken(req);
    if (presented) {
      const [row] = await req.em.execute<{ session_id: string }[]>(`select session_id from refresh_token where token_hash = ?`, [hashToken(presented)]);
      if (row) await revokeSession(req.em, row.session_id, 'logout');
    }
    if (req.actor) {
      await revokeSession(req.em, req.actor.sessionId, 'logout');
      req.audit('auth.logout', 'user', req.actor.userId);
    }
    clearRefreshCookie(req, reply);
    reply.code(204);
  });

  app.get('/me', {
    config: { access: 'me.read', mfaSetup: true },
    schema: { tags: ['account'], summary: 'The signed-in user', response: { 200: ZMe } },
  }, async (req) => meOf(req.em, req.server.config, req.actor!));

  app.patch('/me', {
    config: { access: 'me.read' },
    schema: { tags: ['account'], summary: 'Update own name, phone or language', body: ZUpdateMe, response: { 200: ZMe } },
  }, async (req) => {
    const user = await req.em.findOneOrFail(User, { id: req.actor!.userId });
    req.em.assign(user, req.body);
    req.audit('user.update_self', 'user', user.id, { fields: Object.keys(req.body) });
    await req.em.flush();
    return meOf(req.em, req.server.config, req.actor!);
  });

  app.post('/me/password', {
    config: { access: 'me.read', rateLimit: loginLimit },
    schema: { tags: ['account'], summary: 'Change own password (other sessions end)', body: ZChangePassword },
  }, async (req, reply) => {
    const user = await req.em.findOneOrFail(User, { id: req.actor!.userId });
    if (!(await verifyPassword(user.passwordHash, req.body.currentPassword))) {
      throw unprocessable('wrong_password', 'The current password is wrong', [{ path: 'body.currentPassword', message: 'Wrong password' }]);
    }
    assertAcceptablePassword(req.body.newPassword, 'body.newPassword');
    user.passwordHash = await hashPassword(req.body.newPassword);
    await revokeUserSessions(req.em, user.id, 'password_changed', req.actor!.sessionId);
    req.audit('user.password_changed', 'user', user.id);
    await notifySecurityChange(req, user, 'password_changed');
    reply.code(204);
  });

  app.post('/auth/password-reset', {
    config: { public: true, rateLimit: loginLimit },
    schema: { tags: ['auth'], summary: 'Email a password reset link (always 202)', body: ZPasswordResetRequest },
  }, async (req, reply) => {
    const user = await req.em.findOne(User, { email: req.body.email });
    if (user?.status === 'active') {
      const token = newToken();
      req.em.create(ActionToken, {
        userId: user.id, kind: 'password_reset', tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + RESET_MINUTES * 60_000),
      });
      const link = `${req.server.config.publicUrl}/reset-password/${token}`;
      await req.server.jobs.send(req.em, QUEUES.email, render(emails.passwordReset, user.locale, user.email, { fullName: user.fullName, link, minutes: RESET_MINUTES }));
      req.audit('user.password_reset_requested', 'user', user.id);
    }
    // The same answer whether or not the address has an account.
    reply.code(202);
    return { accepted: true };
  });

  app.post('/auth/password-reset/confirm', {
    config: { public: true, rateLimit: loginLimit },
    schema: { tags: ['auth'], summary: 'Set a new password from a reset link', body: ZTokenPassword },
  }, async (req, reply) => {
    assertAcceptablePassword(req.body.password, 'body.password');
    const token = await consumeActionToken(req.em, req.body.token, 'password_reset');
    const user = await req.em.findOneOrFail(User, { id: token.userId });
    user.passwordHash = await hashPassword(req.body.password);
    await revokeUserSessions(req.em, user.id, 'password_reset');
    await clearFailures(req.em, user.email);
    req.audit('user.password_reset', 'user', user.id, undefined, user.id);
    await notifySecurityChange(req, user, 'password_reset');
    reply.code(204);
  });

  app.get('/auth/invitations/:token', {
    config: { public: true, rateLimit: loginLimit },
    schema: {
      tags: ['auth'], summary: 'Who an invitation is for',
      params: z.strictObject({ token: z.string().min(20).max(200) }),
      response: { 200: z.object({ email: z.string(), fullName: z.string(), organisation: z.string().nullable() }) },
    },
  }, async (req) => {
    const token = await findActionToken(req.em, req.params.token, 'invitation');
    const account = await loadAccount(req.em, token.userId);
    const orgRows = account?.membership.providerId
      ? await req.em.execute<{ name: string }[]>(`select name from provider where id = ?`, [account.membership.providerId])
      : [];
    return { email: account!.user.email, fullName: account!.user.fullName, organisation: orgRows[0]?.name ?? null };
  });

  app.post('/auth/invitations/accept', {
    config: { public: true, rateLimit: loginLimit },
    schema: { tags: ['auth'], summary: 'Accept an invitation by setting a password', body: ZTokenPassword },
  }, async (req, reply) => {
    assertAcceptablePassword(req.body.password, 'body.password');
    const token = await consumeActionToken(req.em, req.body.token, 'invitation');
    const account = await loadAccount(req.em, token.userId);
    const user = account!.user;
    user.passwordHash = await hashPassword(req.body.password);
    user.status = 'active';
    await req.crossTenantBind(account!.membership.providerId ?? null);
    req.audit('user.invitation_accepted', 'user', user.id, undefined, user.id);
    reply.code(204);
  });
}

/** The password was right: hand out a short-lived, single-use challenge for the second factor. */
async function mfaChallenge(req: FastifyRequest, user: IUser) {
  const token = newToken();
  req.em.create(ActionToken, { userId: user.id, kind: 'mfa_challenge', tokenHash: hashToken(token), expiresAt: new Date(Date.now() + MFA_CHALLENGE_SECONDS * 1000) });
  return { mfaRequired: true as const, mfaToken: token, expiresIn: MFA_CHALLENGE_SECONDS };
}

async function signedIn(req: FastifyRequest, reply: FastifyReply, user: IUser, membership: IMembership, method: string) {
  // Not through the entity: its version guards people's edits of the account, and two sign-ins
  // of one person at once (two devices, two tabs) must both succeed.
  await req.em.execute(`update user_account set last_login_at = now() where id = ?`, [user.id]);
  // The sign-in belongs in the provider's own audit trail, which its admins read.
  await req.crossTenantBind(membership.providerId ?? null);
  req.audit('auth.login', 'user', user.id, { method }, user.id);
  return startSession(req, reply, user, membership);
}

function lockedAnswer(reply: Parameters<typeof problemBody>[0], seconds: number) {
  reply.header('retry-after', String(seconds));
  return problemBody(reply, 429, 'account_locked', `Too many failed attempts. Try again in ${Math.ceil(seconds / 60)} minutes.`, { retryAfter: seconds });
}
