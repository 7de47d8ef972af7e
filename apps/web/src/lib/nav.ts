/** The main navigation: each entry appears only to the roles that may use it. */
import type { TMe } from '@pilot/contracts';
import { canUse, type Area } from './access.ts';
import { m } from '#paraglide/messages.js';

interface NavItem {
  href: string;
  label: () => string;
  area?: Area;
}

const ITEMS: NavItem[] = [
  { href: '/', label: m.nav_home },
  { href: '/staff', label: m.nav_staff, area: 'staff' },
  { href: '/admin/providers', label: m.nav_providers, area: 'providers' },
  { href: '/audit', label: m.nav_audit, area: 'audit' },
  { href: '/billing', label: m.nav_billing, area: 'billing' },
  { href: '/admin/billing', label: m.nav_billing, area: 'billingProviders' },
  { href: '/cases', label: m.nav_cases, area: 'cases' },
  { href: '/tasks', label: m.nav_tasks, area: 'cases' },
  { href: '/supervision', label: m.nav_supervision, area: 'supervision' },
  { href: '/catalogue', label: m.nav_catalogue, area: 'catalogue' },
  { href: '/my-referrals', label: m.nav_my_referrals, area: 'refer' },
  { href: '/referrals', label: m.nav_referrals, area: 'referrals' },
  { href: '/pilot', label: m.nav_pilot, area: 'pilot' },
  { href: '/units', label: m.nav_units, area: 'units' },
  { href: '/waves', label: m.nav_waves, area: 'pilot' },
  { href: '/calendar', label: m.nav_calendar, area: 'pilot' },
  { href: '/escalations', label: m.nav_escalations, area: 'escalations' },
  { href: '/intake', label: m.nav_intake, area: 'intake' },
  { href: '/reports', label: m.nav_reports, area: 'reports' },
  { href: '/coordination', label: m.nav_coordination, area: 'coordination' },
];

export const navFor = (user: TMe) => ITEMS.filter((item) => !item.area || canUse(user, item.area));

/** Whether a nav entry is the current section (home only on `/` itself). */
export const isCurrent = (href: string, pathname: string) =>
  href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
