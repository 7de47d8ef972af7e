import { z } from 'zod';
import { STEP_OWNER_ROLES } from '@pilot/domain';
import { text, ZIsoDate } from './common.ts';
import { ZCaseCategory } from './cases.ts';

// ---- curation of the catalogue and playbooks (the ministry) ----
const wording = {
  nameUk: text(300), nameEn: text(300), descriptionUk: text(4000), descriptionEn: text(4000),
};

/** A new wording of a measure from a date; the version in force until then ends the day before. */
export const ZMeasureVersionCreate = z.strictObject({ ...wording, validFrom: ZIsoDate });
export type TMeasureVersionCreate = z.infer<typeof ZMeasureVersionCreate>;
export const ZMeasureCreate = z.strictObject({ code: z.string().trim().regex(/^M\d{2,3}$/, 'A code like M15'), ...wording, validFrom: ZIsoDate });
export type TMeasureCreate = z.infer<typeof ZMeasureCreate>;

/** Retire from a date on: the last day it can be recorded is the day before. */
export const ZRetire = z.strictObject({ from: ZIsoDate });

const ZLabelInput = z.strictObject({ uk: text(300), en: text(300) });
export const ZPlaybookStepInput = z.strictObject({
  key: z.string().trim().regex(/^[a-z0-9_]{1,40}$/, 'Lower-case letters, digits and _'),
  measureCode: z.string().trim().regex(/^M\d{2,3}$/, 'A measure code like M03'),
  titleUk: text(300), titleEn: text(300),
  offsetDays: z.number().int().min(0).max(365),
  ownerRole: z.enum(STEP_OWNER_ROLES),
  documents: z.array(ZLabelInput).max(20).default([]),
});
const playbookFields = {
  titleUk: text(300), titleEn: text(300), descriptionUk: text(4000), descriptionEn: text(4000),
  categories: z.array(ZCaseCategory).min(1).max(9),
  steps: z.array(ZPlaybookStepInput).min(1).max(50)
    .refine((steps) => new Set(steps.map((s) => s.key)).size === steps.length, 'Step keys must be unique'),
  checklist: z.array(ZLabelInput).max(50).default([]),
  validFrom: ZIsoDate,
};
export const ZPlaybookVersionCreate = z.strictObject(playbookFields);
export type TPlaybookVersionCreate = z.infer<typeof ZPlaybookVersionCreate>;
export const ZPlaybookCreate = z.strictObject({ code: z.string().trim().regex(/^[a-z0-9_]{2,40}$/, 'Lower-case letters, digits and _'), ...playbookFields });
export type TPlaybookCreate = z.infer<typeof ZPlaybookCreate>;
