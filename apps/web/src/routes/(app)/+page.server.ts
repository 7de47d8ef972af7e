import type { TSupervisorDashboard, TTasks } from '@pilot/contracts';
import { canUse } from '#lib/access.ts';
import { api } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

/** The figures of the case manager's and supervisor's homes; other roles' homes have none yet. */
export const load: PageServerLoad = async (event) => {
  const user = event.locals.user;
  const [tasks, dashboard] = await Promise.all([
    canUse(user, 'cases') ? api<TTasks>(event, '/tasks/mine') : null,
    canUse(user, 'supervision') ? api<TSupervisorDashboard>(event, '/dashboard/supervisor') : null,
  ]);
  return {
    tasks: tasks?.ok ? tasks.data : null,
    dashboard: dashboard?.ok ? dashboard.data : null,
  };
};
