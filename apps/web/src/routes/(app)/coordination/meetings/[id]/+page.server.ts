import type { TMeeting, TWorkPlanItem } from '@pilot/contracts';
import { canUse } from '#lib/access.ts';
import { api, apiOrError } from '#lib/server/api.ts';
import { failWith, textFields } from '#lib/server/forms.ts';
import { requireArea } from '#lib/server/guard.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const meeting = await apiOrError<TMeeting>(event, `/coordination/meetings/${encodeURIComponent(event.params.id)}`);
  const plan = canUse(event.locals.user, 'coordinationManage')
    ? await api<{ items: TWorkPlanItem[] }>(event, `/coordination/centres/${meeting.centreId}/work-plan`) : null;
  const members = canUse(event.locals.user, 'coordinationManage')
    ? await api<{ memberList: { id: string; fullName: string; organisation: string; removedAt: string | null }[] }>(event, `/coordination/centres/${meeting.centreId}`) : null;
  return {
    meeting,
    planItems: plan?.ok ? plan.data.items : [],
    members: members?.ok ? members.data.memberList.filter((x) => !x.removedAt) : [],
  };
};

const id = (event: { params: { id: string } }) => encodeURIComponent(event.params.id);

export const actions: Actions = {
  addIssue: async (event) => {
    requireArea(event, 'coordinationManage');
    const values = textFields(await event.request.formData(), ['category', 'title', 'discussion', 'decisions']);
    const result = await api(event, `/coordination/meetings/${id(event)}/issues`, { method: 'POST', body: values });
    if (!result.ok) return failWith(result, values, { form: 'issue' });
    return { success: true, form: 'issue' };
  },
  addInstruction: async (event) => {
    requireArea(event, 'coordinationManage');
    const values = textFields(await event.request.formData(), ['issueId', 'title', 'dueDate', 'assigneeMemberId', 'assigneeOrganisation', 'assigneePerson', 'assigneeEmail']);
    const { issueId, ...body } = values;
    const result = await api(event, `/coordination/issues/${encodeURIComponent(issueId)}/instructions`, { method: 'POST', body });
    if (!result.ok) return failWith(result, values, { form: `instruction-${issueId}` });
    return { success: true, form: `instruction-${issueId}` };
  },
  review: async (event) => {
    requireArea(event, 'coordinationManage');
    const values = textFields(await event.request.formData(), ['itemId', 'note']);
    const result = await api(event, `/coordination/meetings/${id(event)}/reviews`, { method: 'POST', body: values });
    if (!result.ok) return failWith(result, values, { form: 'review' });
    return { success: true, form: 'review' };
  },
};
