export * from './common.ts';
export * from './identity.ts';
export * from './billing.ts';
export * from './cases.ts';
export * from './accreditation.ts';
export * from './coordination.ts';
export * from './curation.ts';
export * from './reports.ts';
