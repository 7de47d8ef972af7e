import { describe, expect, it } from 'vitest';
import {
  edrpouCheckDigit, isValidEdrpou, isValidRnokpp, normalizePhone, normalizeUnitCode, rnokppCheckDigit,
} from '../src/identifiers.ts';

describe('RNOKPP', () => {
  it('accepts numbers whose check digit matches', () => {
    for (const nine of ['312456789', '123456789', '290000001', '000000000']) {
      expect(isValidRnokpp(nine + rnokppCheckDigit(nine))).toBe(true);
    }
  });
  it('rejects a wrong check digit, wrong length and non-digits', () => {
    const nine = '312456789';
    const wrong = (rnokppCheckDigit(nine) + 1) % 10;
    expect(isValidRnokpp(nine + wrong)).toBe(false);
    expect(isValidRnokpp('123456789')).toBe(false);
    expect(isValidRnokpp('12345678901')).toBe(false);
    expect(isValidRnokpp('12345abcde')).toBe(false);
  });
  it('computes the documented check digit of a known example', () => {
    // 1 2 3 4 5 6 7 8 9 → -1+10+21+36+20+36+70+40+63 = 295; 295 mod 11 = 9 → 9
    expect(rnokppCheckDigit('123456789')).toBe(9);
  });
});

describe('EDRPOU', () => {
  it('accepts codes with a correct check digit in both weight ranges', () => {
    // 0013239: weights 1..7 → 0+0+3+12+10+18+63 = 106 mod 11 = 7
    expect(edrpouCheckDigit('0013239')).toBe(7);
    expect(isValidEdrpou('00132397')).toBe(true);
    // 3741234 falls in the rotated range: 7*3+1*7+2*4+3*1+4*2+5*3+6*4 = 86 mod 11 = 9
    expect(edrpouCheckDigit('3741234')).toBe(9);
    expect(isValidEdrpou('37412349')).toBe(true);
  });
  it('falls back to the shifted weights when the first remainder is 10', () => {
    // 0100009 with weights 1..7 → 2 + 63 = 65 → 10; shifted weights 3..9 → 4 + 81 = 85 → 8
    expect(edrpouCheckDigit('0100009')).toBe(8);
    expect(isValidEdrpou('01000098')).toBe(true);
  });
  it('rejects wrong digits and lengths', () => {
    expect(isValidEdrpou('00132398')).toBe(false);
    expect(isValidEdrpou('1234567')).toBe(false);
    expect(isValidEdrpou('abcdefgh')).toBe(false);
  });
});

describe('military unit code', () => {
  it('normalises Latin A and lower case to Cyrillic А', () => {
    expect(normalizeUnitCode('A1234')).toBe('А1234');
    expect(normalizeUnitCode(' а0001 ')).toBe('А0001');
    expect(normalizeUnitCode('А4321')).toBe('А4321');
  });
  it('rejects other shapes', () => {
    expect(normalizeUnitCode('B1234')).toBeNull();
    expect(normalizeUnitCode('А123')).toBeNull();
    expect(normalizeUnitCode('А12345')).toBeNull();
  });
});

describe('phone', () => {
  it('normalises Ukrainian numbers to +380 and 9 digits', () => {
    expect(normalizePhone('067 123 45 67')).toBe('+380671234567');
    expect(normalizePhone('380671234567')).toBe('+380671234567');
    expect(normalizePhone('+38 (067) 123-45-67')).toBe('+380671234567');
  });
  it('accepts foreign E.164 and rejects malformed numbers', () => {
    expect(normalizePhone('+48 601 234 567')).toBe('+48601234567');
    expect(normalizePhone('+38067123456')).toBeNull();
    expect(normalizePhone('12345')).toBeNull();
    expect(normalizePhone('+380 67 123 45 678')).toBeNull();
  });
});
