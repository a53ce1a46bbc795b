// Pure helpers for the temperature field (unit-tested in temperature.test.ts).
// The server owns the plausible range and the fever threshold; these only read what a person typed.

/** Where the field starts: a normal reading, so most people only press 上报 or the +/− buttons. */
export const START_TEMPERATURE = 36.5;
export const STEP = 0.1;

/**
 * Reads a typed temperature: "36.5", "36,5" (comma keypads), full-width "３６．５" / "36，5", "36.5℃", spaces.
 * Returns null when it is not a plain number with at most one decimal separator.
 */
export function parseTemperature(input: string): number | null {
  const s = input
    .normalize('NFKC') // full-width digits and punctuation → ASCII
    .replace(/[℃°cC\s]/g, '')
    .replace(/[,，。]/g, '.');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** One decimal, as shown on a thermometer. */
export function formatTemperature(n: number): string {
  return (Math.round(n * 10) / 10).toFixed(1);
}

/** The +/− buttons: ±0.1 from what is typed (or from 36.5 when the field cannot be read). */
export function stepTemperature(input: string, direction: 1 | -1): string {
  const current = parseTemperature(input) ?? START_TEMPERATURE;
  return formatTemperature(Math.round(current * 10 + direction) / 10);
}
