/** Military units, their support groups and pilot waves (domain.md, "Words"). */

/** What kind of military organisation a unit is. */
export const UNIT_KINDS = ['military_unit', 'military_hospital', 'recruitment_centre', 'training_centre'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** A unit is active while it takes part in the pilot; an inactive one keeps its history. */
export const UNIT_STATUSES = ['active', 'inactive'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

/** Positions in a unit's social support group (група соціального супроводу). */
export const UNIT_POSITIONS = ['commander', 'psychologist', 'social_worker', 'chaplain', 'patronage_specialist', 'other'] as const;
export type UnitPosition = (typeof UNIT_POSITIONS)[number];
