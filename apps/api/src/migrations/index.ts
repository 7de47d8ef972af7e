import type { MigrationObject } from '@mikro-orm/core';
import { Foundation } from './0001_foundation.ts';
import { Billing } from './0004_billing.ts';

/** Every migration in order. Append new ones; never edit one that has landed. */
export const migrations: MigrationObject[] = [
  { name: '0001_foundation', class: Foundation },
  { name: '0004_billing', class: Billing },
];
