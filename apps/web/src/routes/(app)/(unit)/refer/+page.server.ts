import { redirect } from '@sveltejs/kit';
import type { TUnitReferral } from '@pilot/contracts';
import { api } from '#lib/server/api.ts';
import { failFields, failWith, textFields } from '#lib/server/forms.ts';
import { m } from '#paraglide/messages.js';
import type { Actions, PageServerLoad } from './$types';

// Each rendering of the form carries its own key: a double tap (or a resubmitted page) sends the
// same key, and the API answers with the referral the first tap created.
export const load: PageServerLoad = () => ({ submissionKey: crypto.randomUUID() });

const FIELDS = [
  'subject', 'person.lastName', 'person.firstName', 'person.patronymic', 'person.phone', 'person.email', 'person.dateOfBirth', 'person.relation', 'person.settlement',
  'serviceMember.fullName', 'serviceMember.status', 'needs', 'urgency', 'consent.method', 'submissionKey',
] as const;

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const v = textFields(data, FIELDS);
    const categories = data.getAll('categories').map(String);
    const values = { ...v, categories: categories.join(','), consentGiven: data.get('consent.given') ? 'on' : '' };
    // Consent is checked here first so the reason is in the reader's language; the API refuses too.
    if (!data.get('consent.given')) return failFields({ 'consent.given': m.refer_consent_required() }, values);
    const family = v.subject === 'family_member';
    const result = await api<TUnitReferral>(event, '/my-unit/referrals', {
      method: 'POST',
      headers: { 'idempotency-key': v.submissionKey },
      body: {
        subject: v.subject,
        person: {
          lastName: v['person.lastName'], firstName: v['person.firstName'], patronymic: v['person.patronymic'] || undefined,
          phone: v['person.phone'],
          email: v['person.email'] || undefined, dateOfBirth: v['person.dateOfBirth'] || undefined,
          relation: family ? v['person.relation'] || undefined : undefined, settlement: v['person.settlement'] || undefined,
        },
        serviceMember: { fullName: family ? v['serviceMember.fullName'] || undefined : undefined, status: v['serviceMember.status'] },
        categories, needs: v.needs, urgency: v.urgency,
        consent: { given: true, method: v['consent.method'] },
      },
    });
    if (!result.ok) return failWith(result, values);
    redirect(303, `/my-referrals/${result.data.id}?sent=1`);
  },
};
