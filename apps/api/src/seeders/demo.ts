import type { MikroORM } from '@mikro-orm/postgresql';
import { withTenant } from '../db/tenancy.ts';
import { Membership, User } from '../modules/identity/entities.ts';
import { hashPassword } from '../modules/identity/passwords.ts';
import { Provider } from '../modules/providers/entities.ts';
import { BillingAccount } from '../modules/billing/entities.ts';
import type { Role } from '@pilot/domain';
import { encrypt, type Keyring } from '../lib/crypto.ts';
import { seedDemoCases } from './demo-cases.ts';
import { seedDemoReferrals, seedDemoUnits } from './demo-referrals.ts';
import { seedMinistryDemo } from './ministry.ts';

/** The one password of every demo login (README lists them). Never seeded in production. */
export const DEMO_PASSWORD = 'pilot-demo-2026';
/**
 * The authenticator secret of every demo login whose role requires two-factor sign-in (README;
 * `./pilot totp` prints the current code). Public, like the password: demo data only.
 */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** Fixed ids so later seeds (units, cases) and tests can refer to them. */
export const DEMO_IDS = {
  razom: '01930000-0000-7000-8000-000000000001',
  nadiya: '01930000-0000-7000-8000-000000000002',
  units: ['01930000-0000-7000-8000-0000000000a1', '01930000-0000-7000-8000-0000000000a2', '01930000-0000-7000-8000-0000000000a3'],
} as const;

/** Seats the ministry sponsors for each demo provider. */
export const DEMO_PILOT_SEATS = 25;

interface DemoUser { email: string; fullName: string; roles: Role[]; providerId?: string; unitId?: string; position?: string; phone?: string }

export const DEMO_PROVIDERS = [
  { id: DEMO_IDS.razom, name: 'ГО «Разом»', domain: 'razom.demo', edrpou: '00132397', oblastCode: 'UA80000000000093317', phone: '+380441234567' },
  { id: DEMO_IDS.nadiya, name: 'БФ «Надія»', domain: 'nadiya.demo', edrpou: '01000098', oblastCode: 'UA46000000000026241', phone: '+380322345678' },
] as const;

/** Realistic (invented) names, so screens read like the real thing. */
const STAFF_NAMES: Record<string, Record<string, string>> = {
  'razom.demo': { admin: 'Оксана Мельник', supervisor: 'Тетяна Коваленко', manager1: 'Марина Бондаренко', manager2: 'Андрій Шевчук' },
  'nadiya.demo': { admin: 'Ігор Ткаченко', supervisor: 'Наталія Кравчук', manager1: 'Юлія Олійник', manager2: 'Василь Поліщук' },
};
const STAFF_ROLES = { admin: ['ngo_admin'], supervisor: ['supervisor'], manager1: ['case_manager'], manager2: ['case_manager'] } as const;

export function demoUsers(): DemoUser[] {
  const users: DemoUser[] = [
    { email: 'operator@pilot.demo', fullName: 'Олена Гончаренко', roles: ['platform_operator'] },
    { email: 'coordinator@minsoc.demo', fullName: 'Ірина Савченко', roles: ['ministry_coordinator'] },
  ];
  for (const p of DEMO_PROVIDERS) {
    for (const [local, roles] of Object.entries(STAFF_ROLES)) {
      const n = Object.keys(STAFF_ROLES).indexOf(local) + 1;
      users.push({
        email: `${local}@${p.domain}`, fullName: STAFF_NAMES[p.domain]![local]!, roles: [...roles], providerId: p.id,
        phone: `${p.phone.slice(0, -1)}${n}`,
      });
    }
  }
  const contacts = ['Майор Сергій Литвиненко', 'Капітан Олег Марченко', 'Лейтенант Дмитро Руденко'];
  DEMO_IDS.units.forEach((unitId, i) => {
    users.push({
      email: `unit${i + 1}@army.demo`, fullName: contacts[i]!, roles: ['unit_contact'], unitId, position: 'patronage_specialist',
      phone: `+38050100000${i + 1}`,
    });
  });
  return users;
}

export interface DemoOptions {
  keyring: Keyring;
  /** Roles whose demo logins get the demo authenticator secret. */
  mfaRoles: readonly Role[];
  log?: (m: string) => void;
}

/** Loads the demo organisations and logins once; returns false when they are already there. */
export async function seedDemo(orm: MikroORM, { keyring, mfaRoles, log = () => {} }: DemoOptions): Promise<boolean> {
  const em = orm.em.fork();
  if (await em.count(User, { email: 'operator@pilot.demo' })) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  log('demo providers');
  for (const p of DEMO_PROVIDERS) {
    em.create(Provider, {
      id: p.id, name: p.name, edrpou: p.edrpou, oblastCode: p.oblastCode,
      contactEmail: `info@${p.domain}`, contactPhone: p.phone, accreditationStatus: 'accredited',
    });
    // The demo providers are the pilot's own: sponsored by the ministry.
    em.create(BillingAccount, { providerId: p.id, sponsored: true, pilotSeatLimit: DEMO_PILOT_SEATS, pilotChangedAt: new Date() });
  }
  await em.flush();
  log('demo units');
  await seedDemoUnits(orm, DEMO_IDS.units);
  log('demo users');
  for (const u of demoUsers()) {
    // Each provider's staff are written inside that provider's tenant, as RLS requires.
    await withTenant(orm, { providerId: u.providerId ?? null }, async ({ em: t }) => {
      const mfa = u.roles.some((r) => mfaRoles.includes(r));
      const user = t.create(User, {
        email: u.email, fullName: u.fullName, phone: u.phone ?? null, passwordHash, status: 'active',
        ...(mfa ? { totpSecret: encrypt(keyring, DEMO_TOTP_SECRET), totpEnabledAt: new Date() } : {}),
      });
      t.create(Membership, { userId: user.id, providerId: u.providerId ?? null, unitId: u.unitId ?? null, roles: u.roles, position: u.position ?? null });
    });
  }
  log('demo families and cases');
  await seedDemoCases(orm, keyring, [
    { key: 'razom', id: DEMO_IDS.razom, oblastCode: DEMO_PROVIDERS[0].oblastCode },
    { key: 'nadiya', id: DEMO_IDS.nadiya, oblastCode: DEMO_PROVIDERS[1].oblastCode },
  ]);
  log('demo assignments, wave and referrals');
  await seedDemoReferrals(orm, {
    unitIds: DEMO_IDS.units, providerOfUnit: [DEMO_IDS.razom, DEMO_IDS.razom, DEMO_IDS.nadiya], coordinatorEmail: 'coordinator@minsoc.demo',
  });
  log('demo accreditation and coordination centres');
  await seedMinistryDemo(orm, DEMO_PROVIDERS);
  return true;
}
