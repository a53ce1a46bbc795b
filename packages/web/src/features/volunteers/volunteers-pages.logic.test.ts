import { describe, expect, it } from 'vitest';
import { addDays, applyAddress, checkInOpen, checkState, hoursOf, shanghaiDay, shanghaiTime, validDay, weekOf, wordsOf } from './volunteers.logic';

describe('志愿者 pages: days, words and states (ADR 0085)', () => {
  it('takes the day and the time in Shanghai, whatever the device zone', () => {
    expect(shanghaiDay(new Date('2026-12-05T15:59:00Z'))).toBe('2026-12-05');
    expect(shanghaiDay(new Date('2026-12-05T16:00:00Z'))).toBe('2026-12-06');
    expect(shanghaiTime(new Date('2026-12-05T07:15:00Z'))).toBe('15:15');
  });

  it('adds days across months and finds the Monday-to-Sunday week', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(weekOf('2026-12-05')).toEqual({ from: '2026-11-30', to: '2026-12-06' }); // a Saturday
    expect(weekOf('2026-12-07')).toEqual({ from: '2026-12-07', to: '2026-12-13' }); // a Monday
    expect(weekOf('2026-12-06')).toEqual({ from: '2026-11-30', to: '2026-12-06' }); // a Sunday
  });

  it('accepts only real dates from the address', () => {
    expect(validDay('2026-12-05')).toBe('2026-12-05');
    expect(validDay('2026-02-30')).toBeNull();
    expect(validDay('x')).toBeNull();
    expect(validDay(null)).toBeNull();
  });

  it('words the codes in the language shown', () => {
    const names = [{ code: 'gate', zh: '卡口值守', en: 'Gate duty' }, { code: 'shopping', zh: '采购配送', en: 'Shopping and delivery' }];
    expect(wordsOf(['gate', 'shopping'], names, 'zh-CN')).toBe('卡口值守、采购配送');
    expect(wordsOf(['gate', 'odd'], names, 'en')).toBe('Gate duty, odd');
    expect(wordsOf([], names, 'en')).toBe('');
    expect(wordsOf(['gate'], undefined, 'zh-CN')).toBe('gate');
  });

  it('knows the check state, the hours, and when check-in opens', () => {
    expect(checkState({ checkedInAt: null, checkedOutAt: null })).toBe('none');
    expect(checkState({ checkedInAt: 'x', checkedOutAt: null })).toBe('in');
    expect(checkState({ checkedInAt: 'x', checkedOutAt: 'y' })).toBe('done');
    expect(hoursOf(210)).toBe(3.5);
    expect(hoursOf(null)).toBe(0);
    const now = new Date('2026-12-05T07:15:00Z'); // 15:15 in Shanghai
    expect(checkInOpen({ day: '2026-12-05', starts: '16:15' }, now)).toBe(true);
    expect(checkInOpen({ day: '2026-12-05', starts: '16:16' }, now)).toBe(false);
    expect(checkInOpen({ day: '2026-12-05', starts: '00:30' }, now)).toBe(true);
    expect(checkInOpen({ day: '2026-12-06', starts: '08:00' }, now)).toBe(false);
    // Across midnight: a shift starting 00:30 opens at 23:30 the day before; a day that has passed is closed.
    const lateEvening = new Date('2026-12-05T15:30:00Z'); // 23:30 in Shanghai
    expect(checkInOpen({ day: '2026-12-06', starts: '00:30' }, lateEvening)).toBe(true);
    expect(checkInOpen({ day: '2026-12-06', starts: '00:31' }, lateEvening)).toBe(false);
    expect(checkInOpen({ day: '2026-12-05', starts: '08:00' }, new Date('2026-12-05T16:00:00Z'))).toBe(false);
  });

  it('builds the public application address', () => {
    expect(applyAddress('https://renxing.example/', '330902001001')).toBe('https://renxing.example/public/volunteer?org=330902001001');
  });
});
