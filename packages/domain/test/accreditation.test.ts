import { describe, expect, it } from 'vitest';
import { accreditationFlag, accreditationTransition, daysBetween, receivesReferrals, type PastDecision } from '../src/accreditation.ts';

const accredit = (decisionNumber: string, decisionDate = '2026-01-10') => ({ action: 'accredit' as const, decisionNumber, decisionDate });

describe('accreditation lifecycle', () => {
  it('accredits a pending provider and refuses to suspend it before that', () => {
    expect(accreditationTransition('pending', accredit('12/2026'), [])).toEqual({ ok: true, status: 'accredited' });
    expect(accreditationTransition('pending', { action: 'suspend', decisionNumber: '1', decisionDate: '2026-01-01' }, []))
      .toMatchObject({ ok: false, refusal: { code: 'invalid_transition' } });
  });

  it('suspends, reinstates, renews and revokes an accredited provider', () => {
    const history: PastDecision[] = [{ status: 'accredited', decisionNumber: '1', decisionDate: '2026-01-01' }];
    expect(accreditationTransition('accredited', { action: 'suspend', decisionNumber: '2', decisionDate: '2026-02-01' }, history)).toEqual({ ok: true, status: 'suspended' });
    expect(accreditationTransition('suspended', accredit('3', '2026-03-01'), history)).toEqual({ ok: true, status: 'accredited' });
    expect(accreditationTransition('accredited', accredit('4', '2026-12-01'), history)).toEqual({ ok: true, status: 'accredited' });
    expect(accreditationTransition('suspended', { action: 'revoke', decisionNumber: '5', decisionDate: '2026-03-01' }, history)).toEqual({ ok: true, status: 'revoked' });
  });

  it('accredits a revoked provider only on a new decision', () => {
    const history: PastDecision[] = [
      { status: 'accredited', decisionNumber: 'A-1', decisionDate: '2026-01-01' },
      { status: 'revoked', decisionNumber: 'R-7', decisionDate: '2026-05-01' },
    ];
    expect(accreditationTransition('revoked', accredit('A-1', '2026-06-01'), history)).toMatchObject({ ok: false, refusal: { code: 'new_decision_required' } });
    expect(accreditationTransition('revoked', accredit('A-9', '2026-04-30'), history)).toMatchObject({ ok: false, refusal: { code: 'new_decision_required' } });
    expect(accreditationTransition('revoked', accredit('A-9', '2026-05-01'), history)).toEqual({ ok: true, status: 'accredited' });
    expect(accreditationTransition('revoked', { action: 'suspend', decisionNumber: 'S', decisionDate: '2026-06-01' }, history)).toMatchObject({ ok: false, refusal: { code: 'invalid_transition' } });
  });

  it('routes referrals only to accredited providers', () => {
    expect(receivesReferrals('accredited')).toBe(true);
    expect(['pending', 'suspended', 'revoked'].map((s) => receivesReferrals(s as 'pending'))).toEqual([false, false, false]);
  });

  it('flags an accreditation 30 days before it ends, and once it has ended', () => {
    expect(accreditationFlag('accredited', '2026-12-31', '2026-12-01')).toBe('expiring');
    expect(accreditationFlag('accredited', '2026-12-31', '2026-11-30')).toBeNull();
    expect(accreditationFlag('accredited', '2026-12-31', '2026-12-31')).toBe('expiring');
    expect(accreditationFlag('accredited', '2026-12-31', '2027-01-01')).toBe('expired');
    expect(accreditationFlag('suspended', '2026-12-31', '2026-12-20')).toBeNull();
    expect(accreditationFlag('accredited', null, '2026-12-20')).toBeNull();
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });
});
