import { v7 } from 'uuid';

/** Time-ordered UUIDs keep inserts local in the primary key index at national scale. */
export const newId = (): string => v7();
