import type { RequestEvent } from '@sveltejs/kit';
import type { TStaffOption, TSupervisorDashboard, TTransfer } from '@pilot/contracts';
import { m } from '#paraglide/messages.js';
import { api, apiOrError, type ApiResult } from '#lib/server/api.ts';
import { caseProblem } from '#lib/server/case-problems.ts';
import { versionOf } from '#lib/server/cases.ts';
import { failWith } from '#lib/server/forms.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const noContactDays = event.url.searchParams.get('noContactDays') ?? '14';
  const [dashboard, transfers, assignees] = await Promise.all([
    apiOrError<TSupervisorDashboard>(event, '/dashboard/supervisor', { query: { noContactDays } }),
    api<{ items: TTransfer[] }>(event, '/transfers', { query: { direction: 'incoming', status: 'requested', limit: 50 } }),
    api<{ items: TStaffOption[] }>(event, '/cases/assignees'),
  ]);
  return { dashboard, incoming: transfers.ok ? transfers.data.items : [], assignees: assignees.ok ? assignees.data.items : [] };
};

async function act(event: RequestEvent, form: string, call: (data: FormData) => Promise<ApiResult<unknown>>, done: () => string) {
  requireArea(event, 'supervision');
  const data = await event.request.formData();
  const result = await call(data);
  const row = String(data.get('id') ?? '');
  if (!result.ok) return failWith(result, {}, { form: `${form}-${row}`, ...caseProblem(result.problem) });
  return { form: `${form}-${row}`, success: true, message: done() };
}
const text = (data: FormData, name: string) => String(data.get(name) ?? '').trim();

export const actions: Actions = {
  reassign: (event) => act(event, 'reassign', (data) => api(event, `/cases/${encodeURIComponent(text(data, 'id'))}/assign`, {
    method: 'POST', body: { assigneeId: text(data, 'assigneeId'), version: versionOf(data) },
  }), m.case_assigned),
  accept: (event) => act(event, 'accept', (data) => api(event, `/transfers/${encodeURIComponent(text(data, 'id'))}/accept`, {
    method: 'POST', body: { assigneeId: text(data, 'assigneeId') || null },
  }), m.transfer_accepted),
  decline: (event) => act(event, 'decline', (data) => api(event, `/transfers/${encodeURIComponent(text(data, 'id'))}/decline`, {
    method: 'POST', body: { reason: text(data, 'reason') },
  }), m.transfer_declined),
};
