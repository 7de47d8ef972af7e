/** `./pilot totp`: the current authenticator code of the demo logins (demo data only). */
import { totp } from '../apps/api/src/modules/identity/mfa.ts';
import { DEMO_TOTP_SECRET } from '../apps/api/src/seeders/demo.ts';

const code = totp(DEMO_TOTP_SECRET, 'demo');
const left = 30 - (Math.floor(Date.now() / 1000) % 30);
console.log(`${code.generate()}  (valid for ${left} more seconds; secret ${DEMO_TOTP_SECRET})`);
