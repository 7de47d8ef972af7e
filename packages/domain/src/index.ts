export * from './identifiers.ts';
export * from './roles.ts';
export * from './oblasts.ts';
export * from './billing.ts';
export * from './cases.ts';
export * from './suppression.ts';
export * from './accreditation.ts';
export * from './coordination.ts';
