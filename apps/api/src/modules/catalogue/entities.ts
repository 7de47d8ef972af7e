import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { newId } from '../../lib/ids.ts';

/**
 * The service catalogue and playbooks belong to the ministry, not to a provider: no
 * provider_id, readable by every signed-in person. A measure's wording lives in versions with
 * validity dates, so a delivery keeps the version it was recorded under after a change.
 */
export const Measure = defineEntity({
  name: 'Measure',
  tableName: 'measure',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    code: p.string().unique(),
    position: p.integer(),
    createdAt: p.datetime().onCreate(() => new Date()),
    retiredAt: p.datetime().nullable(),
  },
});
export type IMeasure = InferEntity<typeof Measure>;

export const MeasureVersion = defineEntity({
  name: 'MeasureVersion',
  tableName: 'measure_version',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    measureId: p.uuid(),
    version: p.integer(),
    nameUk: p.string(),
    nameEn: p.string(),
    descriptionUk: p.text(),
    descriptionEn: p.text(),
    validFrom: p.date(),
    validTo: p.date().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IMeasureVersion = InferEntity<typeof MeasureVersion>;

export interface PlaybookStep {
  key: string;
  measureCode: string;
  titleUk: string;
  titleEn: string;
  offsetDays: number;
  ownerRole: 'case_manager' | 'supervisor';
  documents: { uk: string; en: string }[];
}

export const Playbook = defineEntity({
  name: 'Playbook',
  tableName: 'playbook',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    code: p.string().unique(),
    createdAt: p.datetime().onCreate(() => new Date()),
    retiredAt: p.datetime().nullable(),
  },
});
export type IPlaybook = InferEntity<typeof Playbook>;

export const PlaybookVersion = defineEntity({
  name: 'PlaybookVersion',
  tableName: 'playbook_version',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    playbookId: p.uuid(),
    version: p.integer(),
    titleUk: p.string(),
    titleEn: p.string(),
    descriptionUk: p.text(),
    descriptionEn: p.text(),
    categories: p.array<string>(),
    steps: p.json<PlaybookStep[]>(),
    checklist: p.json<{ uk: string; en: string }[]>(),
    validFrom: p.date(),
    validTo: p.date().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IPlaybookVersion = InferEntity<typeof PlaybookVersion>;
