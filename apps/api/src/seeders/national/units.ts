/**
 * Military units at national scale (about 1,000 at scale 1) joining the pilot in waves, the
 * providers serving them over time (assignment history: a few units change provider, some are
 * left without one for a while, units of providers that lost accreditation move on), the
 * units' contacts who refer families, and providers pausing intake when at capacity.
 *
 * The plan is drawn once per run from its own stream, before the providers exist, because a
 * provider's oblast and start follow from the units it serves; tables are written from it.
 */
import { OBLASTS, UNIT_POSITIONS, localDate, type UnitKind, type UnitPosition } from '@pilot/domain';
import { Random } from './random.ts';
import { MEMBERSHIP_COLUMNS, USER_COLUMNS, day, providerCount, userRow, type Batch, type GeneratorContext, type Member, type TableGroup } from './context.ts';

const DAY = 86_400_000;
const UNITS_AT_SCALE_1 = 1000;
/** Unit codes are `А` + four digits: room for 9,000 units (scale ≈ 9). */
const MAX_UNITS = 9000;

/** Occupied territory: no provider or unit is placed there. */
const OCCUPIED = new Set(['UA01000000000013043', 'UA85000000000065278', 'UA44000000000018893']);
const PLACES = OBLASTS.filter((o) => !OCCUPIED.has(o.code)).map((o) => o.code);

export interface PlannedAssignment {
  id: string; unitIndex: number; providerIndex: number;
  startsOn: string; endsOn: string | null; createdAt: Date; endedAt: Date | null; note: string | null;
}
export interface PlannedContact extends Member { position: UnitPosition; row: readonly unknown[] }
export interface PlannedUnit {
  id: string; code: string; name: string; kind: UnitKind; oblast: string; wave: number; active: boolean; createdAt: Date;
  assignments: PlannedAssignment[]; contacts: PlannedContact[];
}
export interface UnitPlan {
  waves: { id: string; name: string; startsOn: string; maxUnits: number | null }[];
  units: PlannedUnit[];
  /** By provider index: when its first unit joined, where it works, what it serves. */
  providerStarts: Date[];
  providerOblasts: string[];
  assignmentsOf: PlannedAssignment[][];
  /** By provider index: how many days ago it lost its accreditation (its units moved on), or null. */
  stoppedAt: (number | null)[];
  /** By provider index: intake pauses (an open one has no end). */
  pauses: { id: string; startedAt: Date; endedAt: Date | null; reason: string }[][];
}

export const unitCount = (scale: number) => Math.max(3, Math.round(UNITS_AT_SCALE_1 * scale));

const BRIGADES = ['окрема механізована бригада', 'окрема штурмова бригада', 'окрема бригада територіальної оборони',
  'окрема артилерійська бригада', 'окремий стрілецький батальйон', 'окрема десантно-штурмова бригада', 'окрема бригада морської піхоти'];
const REASSIGN_NOTES = ['Передано іншому надавачу за рішенням координатора', 'Надавач призупинив роботу в області', 'Зміна місця дислокації частини'];
const PAUSE_REASONS = ['Усі фахівці зайняті, нові сім’ї приймаємо з наступного місяця', 'Команда працює на межі навантаження', 'Набираємо нових фахівців'];

function unitName(r: Random, kind: UnitKind, oblast: string) {
  const place = OBLASTS.find((o) => o.code === oblast)!.uk;
  switch (kind) {
    case 'military_unit': return `${r.int(10, 250)} ${r.pick(BRIGADES)}`;
    case 'military_hospital': return `Військовий мобільний госпіталь №${r.int(1, 90)} (${place})`;
    case 'training_centre': return `${r.int(1, 250)} навчальний центр (${place})`;
    case 'recruitment_centre': return `ТЦК та СП №${r.int(1, 40)} (${place})`;
  }
}

/** Units, waves and who served what, drawn once per run (memoised on `ctx.shared`). */
export function unitPlan(ctx: GeneratorContext): UnitPlan {
  if (ctx.shared.units) return ctx.shared.units;
  const r = new Random(ctx.seed, 'unit-plan', ctx.now.getTime());
  const now = ctx.now.getTime();
  const U = unitCount(ctx.scale);
  const P = providerCount(ctx.scale);
  if (U > MAX_UNITS) throw new Error(`--scale ${ctx.scale} needs ${U} units; unit codes allow ${MAX_UNITS} (scale ≤ 9)`);

  // The pilot's story (domain.md): five units, then up to 35, then hospitals and training
  // centres, then the rest of the country, over the two years before "now".
  const w1 = Math.min(5, U);
  const w2 = Math.min(30, U - w1);
  const w3 = Math.round((U - w1 - w2) * 0.2);
  const plan = [
    { name: 'Етап 1: пілотні частини', daysAgo: 720, size: w1, maxUnits: 5 },
    { name: 'Етап 2: 35 частин', daysAgo: 360, size: w2, maxUnits: 35 },
    { name: 'Етап 3: госпіталі та навчальні центри', daysAgo: 240, size: w3, maxUnits: null },
    { name: 'Етап 4: масштабування', daysAgo: 150, size: U - w1 - w2 - w3, maxUnits: null },
  ].filter((w) => w.size > 0);
  const waves = plan.map((w) => {
    const startsOn = new Date(now - w.daysAgo * DAY);
    return { id: r.uuid(startsOn), name: w.name, startsOn: day(startsOn), maxUnits: w.maxUnits, size: w.size };
  });

  const providerOblasts = Array.from({ length: P }, () => r.pick(PLACES));
  const assignmentsOf: PlannedAssignment[][] = Array.from({ length: P }, () => []);
  // A few providers lost accreditation at some point: their units moved to others then.
  const stoppedAt = Array.from({ length: P }, () => (r.chance(0.06) ? r.int(15, 120) : null));
  const codes = new Set<number>();
  const units: PlannedUnit[] = [];
  let nextNew = 0;
  let remaining = U;
  const otherProvider = (p: number, oblast: string) => {
    const near = providerOblasts.flatMap((o, i) => (o === oblast && i !== p && i < nextNew && stoppedAt[i] === null ? [i] : []));
    if (near.length && r.chance(0.7)) return r.pick(near);
    let q = r.int(0, Math.max(0, nextNew - 1));
    if (q === p || stoppedAt[q] !== null) q = (p + 1 + r.int(0, P - 2)) % P;
    return q;
  };

  waves.forEach((wave, w) => {
    for (let k = 0; k < wave.size; k++, remaining--) {
      // Every provider gets a unit by the last one: new providers join as units do.
      let p: number;
      if (w === 0) p = Math.min(k, 3, P - 1);
      else if (nextNew < P && (w === 1 ? r.chance(0.8) : r.float() < (P - nextNew) / remaining)) p = nextNew;
      else p = r.int(0, Math.max(0, nextNew - 1));
      nextNew = Math.max(nextNew, p + 1);
      const kind: UnitKind = w === 2
        ? r.weighted([['military_hospital', 60], ['training_centre', 30], ['recruitment_centre', 10]] as const)
        : r.weighted([['military_unit', 85], ['recruitment_centre', 10], ['training_centre', 5]] as const);
      const oblast = r.chance(0.6) ? providerOblasts[p]! : r.pick(PLACES);
      let code: number;
      do code = r.int(1000, 9999); while (codes.has(code));
      codes.add(code);
      const joined = new Date(Date.parse(wave.startsOn) + r.int(0, 25) * DAY);
      const unit: PlannedUnit = {
        id: r.uuid(joined), code: `А${code}`, name: unitName(r, kind, oblast), kind, oblast, wave: w, active: true,
        createdAt: new Date(joined.getTime() - r.int(1, 20) * DAY), assignments: [], contacts: [],
      };
      // The assignment history: the first provider, then now and then another one.
      let from = joined;
      let provider = p;
      for (let hop = 0; hop < 4; hop++) {
        const a: PlannedAssignment = {
          id: r.uuid(from), unitIndex: units.length, providerIndex: provider, startsOn: day(from), endsOn: null,
          createdAt: new Date(from.getTime() - r.int(1, 10) * DAY), endedAt: null, note: hop ? r.pick(REASSIGN_NOTES) : null,
        };
        unit.assignments.push(a);
        assignmentsOf[provider]!.push(a);
        const stop = stoppedAt[provider] ?? null;
        const forced = stop !== null && now - stop * DAY > from.getTime() + 30 * DAY;
        const moves = forced || (hop < 2 && now - from.getTime() > 120 * DAY && r.chance(hop ? 0.2 : 0.12));
        const retires = !moves && hop === 0 && now - from.getTime() > 60 * DAY && r.chance(0.03);
        if (!moves && !retires) break;
        const end = forced ? new Date(now - stop! * DAY) : r.between(new Date(from.getTime() + 45 * DAY), new Date(now - 20 * DAY));
        a.endsOn = day(end);
        a.endedAt = new Date(end.getTime() + r.int(0, 2) * DAY);
        if (retires) {
          unit.active = false;
          break;
        }
        // Usually the next provider starts the day after; sometimes the unit waits for one.
        from = new Date(end.getTime() + (r.chance(0.7) ? 1 : r.int(2, 20)) * DAY);
        if (from.getTime() >= now) break;
        provider = otherProvider(provider, oblast);
      }
      const contacts = r.chance(0.4) ? 2 : 1;
      for (let c = 0; c < contacts; c++) {
        const position = c === 0 ? r.weighted([['patronage_specialist', 40], ['social_worker', 25], ['psychologist', 20], ['commander', 10], ['chaplain', 5]] as const) : r.pick(UNIT_POSITIONS);
        const { member, row } = userRow(ctx, r, `contact${c + 1}.u${units.length + 1}@units.pilot.test`, 'unit_contact', unit.createdAt);
        unit.contacts.push({ ...member, position, row });
      }
      units.push(unit);
    }
  });

  const providerStarts = assignmentsOf.map((list) => new Date(Math.min(...list.map((a) => Date.parse(a.startsOn)))));
  // Intake pauses: about one provider in twelve paused once when at capacity (at least one
  // does at any scale, so every table has rows), one in fifty is paused now.
  const pauses: UnitPlan['pauses'] = providerStarts.map(() => []);
  const pausing = new Set(Array.from({ length: Math.max(1, Math.round(P * 0.08)) }, () => r.int(0, P - 1)));
  providerStarts.forEach((start, i) => {
    if (pausing.has(i)) {
      const from = new Date(Math.min(start.getTime() + 30 * DAY, now - 60 * DAY));
      const startedAt = r.between(from, new Date(now - 40 * DAY));
      pauses[i]!.push({ id: r.uuid(startedAt), startedAt, endedAt: new Date(startedAt.getTime() + r.int(7, 30) * DAY), reason: r.pick(PAUSE_REASONS) });
    }
    if (r.chance(0.02)) {
      const startedAt = new Date(now - r.int(1, 15) * DAY);
      pauses[i]!.push({ id: r.uuid(startedAt), startedAt, endedAt: null, reason: r.pick(PAUSE_REASONS) });
    }
  });
  ctx.shared.units = { waves, units, providerStarts, providerOblasts, assignmentsOf, stoppedAt, pauses };
  return ctx.shared.units;
}

/** Whether a provider had intake paused at a moment. */
export const pausedAt = (plan: UnitPlan, providerIndex: number, at: Date) =>
  plan.pauses[providerIndex]!.some((p) => p.startedAt <= at && (!p.endedAt || p.endedAt > at));

/** The assignments in force on the Kyiv date of `at` (a referral is routed by them). */
export function assignmentsOn(plan: UnitPlan, providerIndex: number, at: Date): PlannedAssignment[] {
  const d = localDate(at);
  return plan.assignmentsOf[providerIndex]!.filter((a) => a.startsOn <= d && (a.endsOn === null || a.endsOn >= d) && plan.units[a.unitIndex]!.active);
}

/** The coordinators the ministry has escalations sent to (pilot_settings). */
export const escalationList = (ctx: GeneratorContext) => ctx.shared.ministry.slice(0, 3);

/** Ministry data (no tenant) and the units' contacts, written from the plan. */
export const UNIT_TABLES: TableGroup = {
  name: 'units',
  tables: [
    { table: 'military_unit', columns: ['id', 'code', 'name', 'kind', 'oblast_code', 'status', 'created_at', 'updated_at'] },
    { table: 'pilot_wave', columns: ['id', 'name', 'starts_on', 'max_units', 'created_at'] },
    { table: 'pilot_wave_unit', columns: ['wave_id', 'unit_id', 'added_at'] },
    { table: 'unit_assignment', columns: ['id', 'unit_id', 'provider_id', 'starts_on', 'ends_on', 'note', 'created_by', 'created_at', 'ended_by', 'ended_at'] },
    { table: 'user_account', columns: USER_COLUMNS },
    { table: 'membership', columns: MEMBERSHIP_COLUMNS },
    { table: 'intake_pause', columns: ['id', 'provider_id', 'reason', 'started_at', 'started_by', 'ended_at', 'ended_by'] },
  ],
  estimate: (ctx) => {
    const u = unitCount(ctx.scale);
    return { military_unit: u, pilot_wave: 4, pilot_wave_unit: u, unit_assignment: Math.round(u * 1.15), user_account: Math.round(u * 1.4), membership: Math.round(u * 1.4), intake_pause: Math.round(providerCount(ctx.scale) * 0.1) };
  },
  finish: (ctx) => [{ sql: `update pilot_settings set escalation_recipient_ids = $1`, params: [escalationList(ctx).map((m) => m.id)] }],
  *batches(ctx): Iterable<Batch> {
    const plan = unitPlan(ctx);
    const r = ctx.random;
    const providerId = (i: number) => ctx.shared.providers[i]!.id;
    const coordinator = () => r.pick(ctx.shared.ministry).id;
    yield { table: 'pilot_wave', rows: plan.waves.map((w) => [w.id, w.name, w.startsOn, w.maxUnits, new Date(Date.parse(w.startsOn) - 30 * DAY)]) };
    yield { table: 'military_unit', rows: plan.units.map((u) => [u.id, u.code, u.name, u.kind, u.oblast, u.active ? 'active' : 'inactive', u.createdAt, u.createdAt]) };
    yield { table: 'pilot_wave_unit', rows: plan.units.map((u) => [plan.waves[u.wave]!.id, u.id, u.createdAt]) };
    yield {
      table: 'unit_assignment',
      rows: plan.units.flatMap((u) => u.assignments.map((a) => [
        a.id, u.id, providerId(a.providerIndex), a.startsOn, a.endsOn, a.note, coordinator(), a.createdAt, a.endedAt ? coordinator() : null, a.endedAt,
      ])),
    };
    const contacts = plan.units.flatMap((u) => u.contacts.map((c) => ({ u, c })));
    yield { table: 'user_account', rows: contacts.map(({ c }) => c.row) };
    yield { table: 'membership', rows: contacts.map(({ u, c }) => [r.uuid(u.createdAt), c.id, null, u.id, ['unit_contact'], c.position, u.createdAt]) };
    yield {
      table: 'intake_pause',
      rows: plan.pauses.flatMap((list, i) => list.map((p) => {
        const admin = ctx.shared.staff.get(providerId(i))![0]!.id;
        return [p.id, providerId(i), p.reason, p.startedAt, admin, p.endedAt, p.endedAt ? admin : null];
      })),
    };
  },
};
