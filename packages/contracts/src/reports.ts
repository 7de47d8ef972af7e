import { z } from 'zod';
import { parsePeriod } from '@pilot/domain';
import { ZTimestamp } from './common.ts';

// ---- the pilot report: aggregates only ----
export const ZReportPeriod = z.string().refine((p) => parsePeriod(p) !== null, 'A year (2026), a quarter (2026-Q4) or a month (2026-11)');
export const ZHierarchy = z.enum(['org', 'geo']);
/**
 * A node of a roll-up: `m` (the whole pilot), `p:<provider id>`, `u:<provider id>:<unit code>`,
 * `o:<oblast code>`, `h:<hromada code>` (an unknown place: `_` and the oblast code).
 */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
export const ZReportNode = z.string().max(120).regex(new RegExp(`^(m|p:${UUID}|u:${UUID}:[^:]{0,10}|o:[^:]{1,24}|h:[^:]{1,24})$`), 'A node of the report');

export const ZReportQuery = z.strictObject({
  period: ZReportPeriod.optional(),
  hierarchy: ZHierarchy.default('org'),
  node: ZReportNode.optional(),
});
export type TReportQuery = z.infer<typeof ZReportQuery>;
export const ZReportExportQuery = ZReportQuery.extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') });

/** A published number, or a suppressed one: `small` (shown as "<5") or `hidden` (to protect one). */
export const ZReportCell = z.object({ value: z.number().nullable(), state: z.enum(['shown', 'small', 'hidden']) });
export type TReportCell = z.infer<typeof ZReportCell>;

export const ZNodeKind = z.enum(['ministry', 'provider', 'unit', 'oblast', 'hromada']);
export const ZReportNodeRef = z.object({ key: z.string(), kind: ZNodeKind, name: z.string() });
export type TReportNodeRef = z.infer<typeof ZReportNodeRef>;

export const ZReportRow = ZReportNodeRef.extend({
  /** Whether the row opens a level below it (drill-down). */
  drill: z.boolean(),
  cells: z.array(ZReportCell),
});
export type TReportRow = z.infer<typeof ZReportRow>;

export const ZReportGroupView = z.object({
  key: z.string(),
  columns: z.array(z.string()),
  total: z.boolean(),
  /** The node itself first, then the level below it. */
  rows: z.array(ZReportRow),
});
export type TReportGroupView = z.infer<typeof ZReportGroupView>;

/** Service targets at the node and the level below: medians and shares, hidden under five referrals. */
export const ZSlaCell = z.object({
  medianHours: z.number().nullable(),
  p90Hours: z.number().nullable(),
  shareWithin: z.number().nullable(),
  state: z.enum(['shown', 'small']),
});
export const ZSlaRow = ZReportNodeRef.extend({ drill: z.boolean(), targets: z.record(z.string(), ZSlaCell) });
export const ZSlaView = z.object({ targetDays: z.record(z.string(), z.number()), rows: z.array(ZSlaRow) });
export type TSlaView = z.infer<typeof ZSlaView>;

export const ZReport = z.object({
  period: z.string(),
  hierarchy: ZHierarchy,
  node: ZReportNodeRef,
  /** From the top of the roll-up down to the node. */
  path: z.array(ZReportNodeRef),
  /** Whether small counts are suppressed (the ministry) or not (a provider's own report). */
  suppressed: z.boolean(),
  refreshedAt: ZTimestamp.nullable(),
  refreshing: z.boolean(),
  groups: z.array(ZReportGroupView),
  sla: ZSlaView.nullable(),
});
export type TReport = z.infer<typeof ZReport>;

export const ZTrendQuery = z.strictObject({ hierarchy: ZHierarchy.default('org'), node: ZReportNode.optional(), year: z.coerce.number().int().min(2023).max(2100).optional() });
export const ZTrend = z.object({
  node: ZReportNodeRef,
  series: z.array(z.object({ group: z.string(), points: z.array(z.object({ period: z.string() }).extend(ZReportCell.shape)) })),
  refreshedAt: ZTimestamp.nullable(),
});
export type TTrend = z.infer<typeof ZTrend>;

export const ZRefreshRequest = z.strictObject({ year: z.number().int().min(2023).max(2100).optional() });
export const ZRefreshAnswer = z.object({ queued: z.boolean(), year: z.number().int() });

/** The ministry's home: the pilot at a glance. */
export const ZDashboard = z.object({
  period: z.string(),
  refreshedAt: ZTimestamp.nullable(),
  refreshing: z.boolean(),
  /** The pilot's totals this quarter, suppressed like the report. */
  keyNumbers: z.array(z.object({ group: z.string() }).extend(ZReportCell.shape)),
  accreditations: z.array(z.object({
    providerId: z.string(), name: z.string(), status: z.enum(['pending', 'accredited', 'suspended', 'revoked']),
    validUntil: z.string().nullable(), flag: z.enum(['expiring', 'expired']).nullable(),
  })),
  instructions: z.object({ open: z.number().int(), overdue: z.number().int() }),
  /** Service targets this quarter, the pilot first, then each provider. */
  sla: ZSlaView.nullable(),
});
export type TDashboard = z.infer<typeof ZDashboard>;
