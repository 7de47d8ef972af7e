export * from './identifiers.ts';
export * from './roles.ts';
export * from './oblasts.ts';
export * from './billing.ts';
export * from './cases.ts';
export * from './calendar.ts';
export * from './units.ts';
export * from './referrals.ts';
