import type { TAuditChainReport, TAuditEntry } from '@pilot/contracts';
import { api } from '#lib/server/api.ts';
import { failWith } from '#lib/server/forms.ts';
import { requireArea } from '#lib/server/guard.ts';
import { loadList } from '#lib/server/lists.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
  requireArea(event, 'audit');
  return loadList<TAuditEntry>(event, '/audit', ['action', 'entity', 'actorId', 'from', 'to']);
};

export const actions: Actions = {
  /** Recomputes the organisation's audit hash chain on the server and shows the verdict. */
  verify: async (event) => {
    requireArea(event, 'auditVerify');
    const result = await api<TAuditChainReport>(event, '/audit/verify');
    if (!result.ok) return failWith(result, {}, { form: 'verify' });
    return { form: 'verify', success: true, report: result.data };
  },
};
