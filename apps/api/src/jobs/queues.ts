/**
 * Every pg-boss queue the product uses. Queues are created by the migration step (it owns the
 * DDL); the API and the worker only send and work. Features add their queues here.
 */
export const QUEUES = {
  email: 'email.send',
  auditSeal: 'audit.seal',
  billingSeatSync: 'billing.seat-sync',
  billingDaily: 'billing.daily',
  casesDigest: 'cases.digest',
  casesRetention: 'cases.retention',
  /** In-app notifications (and their emails) to users resolved when the job runs. */
  notify: 'notification.deliver',
  /** Finds service-target deadlines that passed and reminds / escalates. */
  slaSweep: 'referral.sla-sweep',
  instructionDeadlines: 'coordination.instruction-deadlines',
  reportsRefresh: 'reports.refresh',
  /** Deletes rate-limit counters whose window has ended. */
  rateLimitsPrune: 'rate-limits.prune',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Recurring jobs: queue name → cron (UTC). */
export const SCHEDULES: Partial<Record<QueueName, string>> = {
  'audit.seal': '* * * * *',
  // Past-due providers reach the end of their grace period by time alone.
  'billing.daily': '15 3 * * *',
  // 05:00 UTC: 07:00 or 08:00 in Kyiv, before the working day.
  [QUEUES.casesDigest]: '0 5 * * *',
  [QUEUES.casesRetention]: '30 2 * * *',
  // Each minute: deadlines fall at the end of a working day, and a sweep with nothing due is one indexed query.
  [QUEUES.slaSweep]: '* * * * *',
  // Instructions of coordination centres: reminders, due-date notices, overdue flags.
  'coordination.instruction-deadlines': '*/15 * * * *',
  // The pilot report of the current year, every hour (and on demand from the report screen).
  'reports.refresh': '5 * * * *',
  [QUEUES.rateLimitsPrune]: '*/10 * * * *',
};
