import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZIdParams, ZMfaCode, ZMfaDisable, ZMfaEnabled, ZMfaSetup, ZMfaStatus, ZRecoveryCodes } from '@pilot/contracts';
import { encrypt } from '../../lib/crypto.ts';
import { iso } from '../../lib/pagination.ts';
import { conflict, unprocessable } from '../../lib/problems.ts';
import { User } from './entities.ts';
import { loadAccount, mfaState } from './me.ts';
import { acceptTotp, newRecoveryCodes, newTotpSecret, recoveryCodesLeft, totp } from './mfa.ts';
import { verifyPassword } from './passwords.ts';
import { notifySecurityChange } from './security-notices.ts';
import { revokeUserSessions } from './sessions.ts';
import { staffMember } from './staff-routes.ts';

const wrongCode = () => unprocessable('invalid_code', 'The code is wrong or already used', [{ path: 'body.code', message: 'Invalid code', code: 'invalid_code' }]);

/** A person sets up, uses and turns off two-factor sign-in; an NGO admin resets it for a lost phone. */
export default async function mfaRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const setup = { access: 'me.read', mfaSetup: true } as const;

  app.get('/me/mfa', {
    config: setup,
    schema: { tags: ['account'], summary: 'Two-factor sign-in status', response: { 200: ZMfaStatus } },
  }, async (req) => {
    const { user, membership } = (await loadAccount(req.em, req.actor!.userId))!;
    const state = mfaState(req.server.config, user, membership);
    return { enabled: state.enabled, required: state.required, enabledAt: iso(user.totpEnabledAt), recoveryCodesLeft: await recoveryCodesLeft(req.em, user.id) };
  });

  app.post('/me/mfa/setup', {
    config: setup,
    schema: { tags: ['account'], summary: 'Start setting up an authenticator app: a new secret to scan', response: { 200: ZMfaSetup } },
  }, async (req) => {
    const user = await req.em.findOneOrFail(User, { id: req.actor!.userId });
    if (user.totpEnabledAt) throw conflict('mfa_already_enabled', 'Two-factor sign-in is already on; turn it off first to change the app');
    const secret = newTotpSecret();
    user.totpPendingSecret = encrypt(req.server.config.keyring, secret);
    req.audit('user.mfa_setup_started', 'user', user.id);
    return { secret, otpauthUri: totp(secret, user.email).toString() };
  });

  app.post('/me/mfa/enable', {
    config: setup,
    schema: { tags: ['account'], summary: 'Confirm the app with its first code; answers recovery codes, once', body: ZMfaCode, response: { 200: ZMfaEnabled } },
  }, async (req) => {
    const { user, membership } = (await loadAccount(req.em, req.actor!.userId))!;
    if (user.totpEnabledAt) throw conflict('mfa_already_enabled', 'Two-factor sign-in is already on');
    if (!acceptTotp(req.server.config.keyring, user, req.body.code, req.server.clock(), 'totpPendingSecret')) throw wrongCode();
    user.totpSecret = user.totpPendingSecret;
    user.totpPendingSecret = null;
    user.totpEnabledAt = new Date();
    const recoveryCodes = await newRecoveryCodes(req.em, user.id);
    req.audit('user.mfa_enabled', 'user', user.id);
    await notifySecurityChange(req, user, 'mfa_enabled');
    const actor = { ...req.actor!, mfaEnrollment: mfaState(req.server.config, user, membership).enrollmentPending };
    return { recoveryCodes, accessToken: req.server.signAccessToken(actor), expiresIn: req.server.config.ACCESS_TOKEN_TTL_SECONDS };
  });

  app.post('/me/mfa/recovery-codes', {
    config: { access: 'me.read' },
    schema: { tags: ['account'], summary: 'New recovery codes (the old ones stop working)', body: ZMfaCode, response: { 200: ZRecoveryCodes } },
  }, async (req) => {
    const user = await req.em.findOneOrFail(User, { id: req.actor!.userId });
    if (!acceptTotp(req.server.config.keyring, user, req.body.code, req.server.clock())) throw wrongCode();
    req.audit('user.mfa_recovery_codes_renewed', 'user', user.id);
    await notifySecurityChange(req, user, 'recovery_codes_renewed');
    return { recoveryCodes: await newRecoveryCodes(req.em, user.id) };
  });

  app.post('/me/mfa/disable', {
    config: { access: 'me.read' },
    schema: { tags: ['account'], summary: 'Turn two-factor sign-in off (not for roles that require it)', body: ZMfaDisable },
  }, async (req, reply) => {
    const { user, membership } = (await loadAccount(req.em, req.actor!.userId))!;
    if (mfaState(req.server.config, user, membership).required) throw conflict('mfa_required_by_role', 'Your role requires two-factor sign-in');
    if (!(await verifyPassword(user.passwordHash, req.body.password))) {
      throw unprocessable('wrong_password', 'The password is wrong', [{ path: 'body.password', message: 'Wrong password' }]);
    }
    if (!acceptTotp(req.server.config.keyring, user, req.body.code, req.server.clock())) throw wrongCode();
    user.totpSecret = null;
    user.totpEnabledAt = null;
    await req.em.execute(`delete from mfa_recovery_code where user_id = ?`, [user.id]);
    req.audit('user.mfa_disabled', 'user', user.id);
    await notifySecurityChange(req, user, 'mfa_disabled');
    reply.code(204);
  });

  app.post('/staff/:id/reset-mfa', {
    config: { access: 'staff.manage' },
    schema: { tags: ['staff'], summary: 'Reset the two-factor sign-in of a staff member who lost their phone', params: ZIdParams },
  }, async (req, reply) => {
    const current = await staffMember(req, req.params.id);
    const user = await req.em.findOneOrFail(User, { id: current.id });
    user.totpSecret = null;
    user.totpPendingSecret = null;
    user.totpEnabledAt = null;
    await req.em.execute(`delete from mfa_recovery_code where user_id = ?`, [user.id]);
    await revokeUserSessions(req.em, user.id, 'mfa_reset');
    req.audit('staff.mfa_reset', 'user', user.id);
    await notifySecurityChange(req, user, 'mfa_reset');
    reply.code(204);
  });
}
