import QRCode from 'qrcode';
import type { TMfaEnabled, TMfaSetup, TMfaStatus, TRecoveryCodes } from '@pilot/contracts';
import { api } from '#lib/server/api.ts';
import { failWith } from '#lib/server/forms.ts';
import { setAccessCookie } from '#lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const status = await api<TMfaStatus>(event, '/me/mfa');
  return { status: status.ok ? status.data : null };
};

/** The QR code of the secret, drawn on the server as SVG (no script, works in every browser). */
const qrOf = (uri: string) => QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });

export const actions: Actions = {
  setup: async (event) => {
    const result = await api<TMfaSetup>(event, '/me/mfa/setup', { method: 'POST' });
    if (!result.ok) return failWith(result, {}, { form: 'setup' });
    return { form: 'setup', secret: result.data.secret, uri: result.data.otpauthUri, qr: await qrOf(result.data.otpauthUri) };
  },

  enable: async (event) => {
    const data = await event.request.formData();
    const code = String(data.get('code') ?? '').replace(/\s/g, '');
    const uri = String(data.get('uri') ?? '');
    const result = await api<TMfaEnabled>(event, '/me/mfa/enable', { method: 'POST', body: { code } });
    // A wrong code keeps the same secret on screen (the app has already scanned it).
    if (!result.ok) return failWith(result, {}, { form: 'setup', ...{ secret: String(data.get('secret') ?? ''), uri, qr: uri ? await qrOf(uri) : '' } });
    setAccessCookie(event, result.data.accessToken, result.data.expiresIn);
    return { form: 'codes', recoveryCodes: result.data.recoveryCodes };
  },

  renew: async (event) => {
    const code = String((await event.request.formData()).get('code') ?? '').replace(/\s/g, '');
    const result = await api<TRecoveryCodes>(event, '/me/mfa/recovery-codes', { method: 'POST', body: { code } });
    if (!result.ok) return failWith(result, {}, { form: 'renew' });
    return { form: 'codes', recoveryCodes: result.data.recoveryCodes };
  },

  disable: async (event) => {
    const data = await event.request.formData();
    const body = { password: String(data.get('password') ?? ''), code: String(data.get('code') ?? '').replace(/\s/g, '') };
    const result = await api(event, '/me/mfa/disable', { method: 'POST', body });
    if (!result.ok) return failWith(result, {}, { form: 'disable' });
    return { form: 'disable', success: true };
  },
};
