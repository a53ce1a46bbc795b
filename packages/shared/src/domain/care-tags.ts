import { ageOn } from './id-card';

/**
 * 孕妇 (pregnant) fits only a woman of child-bearing age, and the registry knows both from the ID number (sex: the 17th
 * digit; age: the birth date). A tick on the wrong row — a husband, a grandmother, a baby — put the person into the
 * workbench's 孕产妇 count and the care lists (seen in a walk-through, session 23). The ages are wide on purpose: they
 * refuse the impossible, not the rare.
 */
export const PREGNANT_AGES = { from: 12, below: 60 } as const;

/** True when the 孕妇 tag fits a resident of this sex ('M' | 'F') and age in full years (the web form has the age). */
export function pregnantTagFitsAge(sex: string, age: number): boolean {
  return sex === 'F' && age >= PREGNANT_AGES.from && age < PREGNANT_AGES.below;
}

/** True when the 孕妇 tag fits a resident of this sex and birth date on the Shanghai date of `now`. */
export function pregnantTagFits(sex: string, birthDate: string, now: Date): boolean {
  return pregnantTagFitsAge(sex, ageOn(birthDate, now));
}

/** The refusal, zh-CN and English, naming where sex and age come from. */
export const PREGNANT_TAG_MISFIT = {
  zh: `孕妇标签只适用于 ${PREGNANT_AGES.from}–${PREGNANT_AGES.below - 1} 岁的女性（性别和年龄取自身份证号）`,
  en: `the pregnant tag fits only women aged ${PREGNANT_AGES.from}–${PREGNANT_AGES.below - 1} (sex and age come from the ID number)`,
} as const;
