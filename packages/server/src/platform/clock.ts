/** Source of "now"; tests inject a fixed or advancing clock. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests: starts at `start` and moves only when told. */
export function manualClock(start: string | Date): Clock & { advance(ms: number): void; set(d: string | Date): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
    set(d: string | Date) {
      t = new Date(d).getTime();
    },
  };
}
