import { describe, expect, it } from 'vitest';
import { caseloadBucket, parsePeriod, periodsOfYear, quarterKey, slaStats } from '../src/reports.ts';
import { suppressCube } from '../src/suppression.ts';

describe('report periods', () => {
  it('reads years, quarters and months, with their days and parents', () => {
    expect(parsePeriod('2026')).toMatchObject({ kind: 'year', starts: '2026-01-01', ends: '2026-12-31', parent: null });
    expect(parsePeriod('2026-Q1')).toMatchObject({ kind: 'quarter', starts: '2026-01-01', ends: '2026-03-31', parent: '2026' });
    expect(parsePeriod('2024-02')).toMatchObject({ kind: 'month', starts: '2024-02-01', ends: '2024-02-29', parent: '2024-Q1' });
    expect(parsePeriod('2026-Q4')!.ends).toBe('2026-12-31');
    for (const bad of ['2026-Q5', '2026-13', '26', '2026-1', '1999', '']) expect(parsePeriod(bad), bad).toBeNull();
    expect(periodsOfYear(2026).map((p) => p.key)).toHaveLength(17);
    expect(quarterKey('2026-11-25')).toBe('2026-Q4');
  });
});

describe('service-target statistics', () => {
  it('takes the median and 90th percentile over whole hours, and the share within the target', () => {
    // Ten referrals acknowledged after 1,1,2,3,5,8,13,21,34,55 hours; two more still open past due.
    const hours = new Map<number, number>();
    for (const h of [1, 1, 2, 3, 5, 8, 13, 21, 34, 55]) hours.set(h, (hours.get(h) ?? 0) + 1);
    const s = slaStats({ hours, onTime: 7, late: 3, missedOpen: 2 });
    expect(s).toEqual({ measured: 10, medianHours: 5, p90Hours: 34, shareWithin: 7 / 12 });
    expect(slaStats({ hours: new Map(), onTime: 0, late: 0, missedOpen: 0 })).toEqual({ measured: 0, medianHours: null, p90Hours: null, shareWithin: null });
  });

  it('buckets caseloads', () => {
    expect([0, 9, 10, 19, 20, 29, 30, 80].map(caseloadBucket)).toEqual(['0-9', '0-9', '10-19', '10-19', '20-29', '20-29', '30+', '30+']);
  });
});

describe('counts taken at the end of a period', () => {
  it('tie a quarter to its last month, so a hidden month cannot be read off the quarter', () => {
    const values: Record<string, Record<string, number>> = {
      Q: { m: 13, a: 3, b: 10 }, M1: { m: 20, a: 9, b: 11 }, M2: { m: 15, a: 7, b: 8 }, M3: { m: 13, a: 3, b: 10 },
    };
    const cube = suppressCube({
      rows: [{ key: 'm', parent: null }, { key: 'a', parent: 'm' }, { key: 'b', parent: 'm' }],
      periods: [{ key: 'Q', parent: null }, { key: 'M1', parent: 'Q' }, { key: 'M2', parent: 'Q' }, { key: 'M3', parent: 'Q' }],
      width: 1, columns: 'sum', rollup: 'sum', periodRollup: 'last', value: (p, r) => values[p]![r]!,
    });
    expect(cube.state('M3', 'a', 0)).toBe('small');
    expect(cube.state('Q', 'a', 0)).toBe('small');
    expect(cube.state('Q', 'b', 0)).not.toBe('shown');
    expect(cube.state('M3', 'b', 0)).not.toBe('shown');
  });
});
