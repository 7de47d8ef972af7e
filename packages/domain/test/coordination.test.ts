import { describe, expect, it } from 'vitest';
import { instructionNoticesDue, instructionStatusOn, instructionTransition, quarterOf } from '../src/coordination.ts';

describe('instructions', () => {
  it('closes only with an execution report, and never reopens once done or cancelled', () => {
    expect(instructionTransition('open', 'done', { reports: 0, overdue: false })).toEqual({ ok: false, code: 'execution_report_required' });
    expect(instructionTransition('in_progress', 'done', { reports: 1, overdue: false })).toEqual({ ok: true });
    expect(instructionTransition('overdue', 'done', { reports: 2, overdue: true })).toEqual({ ok: true });
    expect(instructionTransition('open', 'cancelled', { reports: 0, overdue: false })).toEqual({ ok: true });
    expect(instructionTransition('done', 'in_progress', { reports: 1, overdue: false })).toEqual({ ok: false, code: 'instruction_closed' });
    expect(instructionTransition('cancelled', 'open', { reports: 0, overdue: false })).toEqual({ ok: false, code: 'instruction_closed' });
    expect(instructionTransition('overdue', 'in_progress', { reports: 0, overdue: true })).toEqual({ ok: false, code: 'invalid_transition' });
  });

  it('is overdue after its due date and back in work when the date moves later', () => {
    expect(instructionStatusOn('open', '2026-12-10', '2026-12-10', 0)).toBe('open');
    expect(instructionStatusOn('in_progress', '2026-12-10', '2026-12-11', 1)).toBe('overdue');
    expect(instructionStatusOn('overdue', '2026-12-20', '2026-12-11', 1)).toBe('in_progress');
    expect(instructionStatusOn('overdue', '2026-12-20', '2026-12-11', 0)).toBe('open');
    expect(instructionStatusOn('done', '2026-12-01', '2026-12-11', 1)).toBe('done');
  });

  it('reminds three days ahead, on the due date, and once overdue', () => {
    expect(instructionNoticesDue('2026-12-10', '2026-12-06')).toEqual([]);
    expect(instructionNoticesDue('2026-12-10', '2026-12-07')).toEqual(['reminder']);
    expect(instructionNoticesDue('2026-12-10', '2026-12-09')).toEqual(['reminder']);
    expect(instructionNoticesDue('2026-12-10', '2026-12-10')).toEqual(['due']);
    expect(instructionNoticesDue('2026-12-10', '2026-12-11')).toEqual(['overdue']);
  });

  it('names quarters', () => {
    expect(quarterOf('2026-01-01')).toBe('2026-Q1');
    expect(quarterOf('2026-06-30')).toBe('2026-Q2');
    expect(quarterOf('2026-12-31')).toBe('2026-Q4');
  });
});
