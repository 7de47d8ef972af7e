/** Reading case forms: the fields people fill in, turned into the API's request bodies. */
import type { RequestEvent } from '@sveltejs/kit';
import type { THromada } from '@pilot/contracts';
import { PERSON_FIELDS } from '#lib/cases.ts';
import { api } from './api.ts';
import { textFields } from './forms.ts';

const orNull = (v: string) => (v === '' ? null : v);

/** The person's fields as typed (to echo back) and as the API wants them. */
export function personFromForm(data: FormData) {
  const values = textFields(data, PERSON_FIELDS);
  const isServiceMember = data.get('isServiceMember') === 'on';
  const categories = data.getAll('categories').map(String);
  return {
    values: { ...values, isServiceMember: isServiceMember ? 'on' : '', categories: categories.join(',') },
    body: {
      lastName: values.lastName, firstName: values.firstName, patronymic: orNull(values.patronymic), birthDate: orNull(values.birthDate),
      sex: orNull(values.sex), rnokpp: orNull(values.rnokpp), phones: [values.phone, values.phone2].filter(Boolean),
      email: orNull(values.email), oblastCode: orNull(values.oblastCode), hromadaCode: orNull(values.hromadaCode), address: orNull(values.address),
      categories, isServiceMember, militaryRank: isServiceMember ? orNull(values.militaryRank) : null,
      unitCode: isServiceMember ? orNull(values.unitCode) : null, militaryStatus: isServiceMember ? orNull(values.militaryStatus) : null,
    },
  };
}

/** The consent block of a form (intake, the consent tab), or undefined when none was recorded. */
export function consentFromForm(data: FormData, prefix = 'consent') {
  const field = (name: string) => String(data.get(`${prefix}${name}`) ?? '').trim();
  const purposes = data.getAll(`${prefix}Purposes`).map(String);
  const dataCategories = data.getAll(`${prefix}RecipientData`).map(String);
  const organisation = field('RecipientOrganisation');
  const values: Record<string, string> = Object.fromEntries(['Method', 'GivenOn', 'ExpiresOn', 'Note', 'RecipientOrganisation'].map((n) => [`${prefix}${n}`, field(n)]));
  return {
    values: { ...values, [`${prefix}Purposes`]: purposes.join(','), [`${prefix}RecipientData`]: dataCategories.join(',') },
    body: {
      method: field('Method'), givenOn: field('GivenOn'), purposes,
      recipients: organisation ? [{ organisation, providerId: null as string | null, dataCategories }] : [],
      expiresOn: orNull(field('ExpiresOn')), note: orNull(field('Note')),
    },
  };
}

/** The `version` a form was rendered with (optimistic locking). */
export const versionOf = (data: FormData) => Number(data.get('version'));

/** The hromadas of one oblast, for the address fields (none without an oblast). */
export async function hromadasOf(event: RequestEvent, oblast: string | null | undefined): Promise<THromada[]> {
  if (!oblast) return [];
  const r = await api<{ items: THromada[] }>(event, '/catalogue/hromadas', { query: { oblast } });
  return r.ok ? r.data.items : [];
}
