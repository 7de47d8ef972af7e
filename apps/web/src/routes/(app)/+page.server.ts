import type { TDashboard, TPilotOverview, TSupervisorDashboard, TTasks, TTrend } from '@pilot/contracts';
import { canUse } from '#lib/access.ts';
import { api } from '#lib/server/api.ts';
import type { PageServerLoad } from './$types';

/** The figures of the case manager's, supervisor's and ministry coordinator's homes. */
export const load: PageServerLoad = async (event) => {
  const user = event.locals.user;
  const ministry = canUse(user, 'ministryDashboard');
  const [tasks, dashboard, pilot, trend, overview] = await Promise.all([
    canUse(user, 'cases') ? api<TTasks>(event, '/tasks/mine') : null,
    canUse(user, 'supervision') ? api<TSupervisorDashboard>(event, '/dashboard/supervisor') : null,
    ministry ? api<TDashboard>(event, '/reports/dashboard') : null,
    ministry ? api<TTrend>(event, '/reports/pilot/trend') : null,
    ministry ? api<TPilotOverview>(event, '/pilot/overview') : null,
  ]);
  return {
    tasks: tasks?.ok ? tasks.data : null,
    dashboard: dashboard?.ok ? dashboard.data : null,
    pilot: pilot?.ok ? pilot.data : null,
    trend: trend?.ok ? trend.data : null,
    overview: overview?.ok ? overview.data : null,
  };
};
