import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SERVICE_TARGET_DAYS, dueAfter, endOfWorkingDay, isWorkingDay, localDate, nthWorkingDayAfter, serviceDeadlines,
} from '../src/calendar.ts';

const none = { holidays: new Set<string>() };
// 2026-12-04 is a Friday.
const FRIDAY = '2026-12-04';

describe('working days', () => {
  it('skips weekends and declared holidays', () => {
    expect(isWorkingDay(FRIDAY, none)).toBe(true);
    expect(isWorkingDay('2026-12-05', none)).toBe(false);
    expect(isWorkingDay('2026-12-06', none)).toBe(false);
    expect(isWorkingDay('2026-12-07', none)).toBe(true);
    expect(isWorkingDay('2026-12-07', { holidays: new Set(['2026-12-07']) })).toBe(false);
  });

  it('counts working days after a date, across a weekend and a holiday', () => {
    expect(nthWorkingDayAfter(FRIDAY, 1, none)).toBe('2026-12-07');
    expect(nthWorkingDayAfter(FRIDAY, 3, none)).toBe('2026-12-09');
    expect(nthWorkingDayAfter(FRIDAY, 1, { holidays: new Set(['2026-12-07']) })).toBe('2026-12-08');
    expect(nthWorkingDayAfter('2026-12-05', 1, none)).toBe('2026-12-07');
    expect(nthWorkingDayAfter('2026-12-24', 2, { holidays: new Set(['2026-12-25']) })).toBe('2026-12-29');
    expect(() => nthWorkingDayAfter(FRIDAY, 0, none)).toThrow(RangeError);
  });

});

describe('Kyiv time', () => {
  it('reads the local date of an instant, which may differ from UTC', () => {
    // 23:30 UTC on Friday is already Saturday 01:30 in Kyiv (UTC+2 in winter).
    expect(localDate(new Date('2026-12-04T23:30:00Z'))).toBe('2026-12-05');
    // Summer time is UTC+3.
    expect(localDate(new Date('2026-07-10T21:30:00Z'))).toBe('2026-07-11');
  });

  it('ends a working day at 18:00 local time, winter and summer', () => {
    expect(endOfWorkingDay('2026-12-07').toISOString()).toBe('2026-12-07T16:00:00.000Z');
    expect(endOfWorkingDay('2026-07-13').toISOString()).toBe('2026-07-13T15:00:00.000Z');
  });
});

describe('service target deadlines', () => {
  it('a referral sent on Friday afternoon is due on Monday evening', () => {
    expect(dueAfter(new Date('2026-12-04T14:00:00Z'), 1, none).toISOString()).toBe('2026-12-07T16:00:00.000Z');
  });

  it('one sent on Friday night (Saturday in Kyiv) is due on Monday too', () => {
    expect(dueAfter(new Date('2026-12-04T23:30:00Z'), 1, none).toISOString()).toBe('2026-12-07T16:00:00.000Z');
  });

  it('computes the three targets and their escalation a working day later, across holidays', () => {
    const holidays = { holidays: new Set(['2026-12-08', '2026-12-25']) };
    const d = serviceDeadlines(new Date('2026-12-04T09:00:00Z'), DEFAULT_SERVICE_TARGET_DAYS, holidays);
    expect(d.map((x) => [x.target, x.dueAt.toISOString(), x.escalateAt.toISOString()])).toEqual([
      // 1 working day: Mon 7th; escalates Wed 9th (Tue 8th is a holiday).
      ['acknowledgement', '2026-12-07T16:00:00.000Z', '2026-12-09T16:00:00.000Z'],
      // 3 working days: Mon 7, Wed 9, Thu 10.
      ['first_contact', '2026-12-10T16:00:00.000Z', '2026-12-11T16:00:00.000Z'],
      // 10 working days: 7, 9, 10, 11, 14, 15, 16, 17, 18, 21.
      ['assessment', '2026-12-21T16:00:00.000Z', '2026-12-22T16:00:00.000Z'],
    ]);
  });

  it('follows configured targets', () => {
    const d = serviceDeadlines(new Date('2026-12-07T09:00:00Z'), { acknowledgement: 2, first_contact: 5, assessment: 15 }, none);
    expect(d[0]!.dueAt.toISOString()).toBe('2026-12-09T16:00:00.000Z');
    expect(d[1]!.dueAt.toISOString()).toBe('2026-12-14T16:00:00.000Z');
  });
});
