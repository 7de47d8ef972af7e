export * from './common.ts';
export * from './identity.ts';
export * from './billing.ts';
export * from './cases.ts';
export * from './units.ts';
export * from './referrals.ts';
export * from './notifications.ts';
