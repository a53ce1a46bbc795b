import { allocateMinMaxUnmet, allocateProportional, allocateUtilitarian, allocateWaterFilling, roundToUnits } from '@renxing/analytics';

/** 物资保障 (ADR 0075): the four ways a round shares its supply, ANALYTICS.md §6.2 models C, A, B, D. */
export const ALLOCATION_RULES = ['weighted_fair', 'priority', 'proportional', 'min_unmet'] as const;
export type AllocationRule = (typeof ALLOCATION_RULES)[number];

/** Default weight of each care tag; a household's weight is its members' largest (1 when none). */
export const DEFAULT_TAG_WEIGHTS: Readonly<Record<string, number>> = {
  living_alone: 3, elderly80: 3, disabled: 3, pregnant: 2, infant: 2, chronic: 2, elderly60: 1.5, minor: 1,
};

export type PlannedHousehold = { members: number; tags: readonly string[] };

export function householdWeight(tags: readonly string[], weights: Readonly<Record<string, number>>): number {
  let w = 1;
  for (const t of tags) w = Math.max(w, weights[t] ?? 1);
  return w;
}

export function demandOf(h: PlannedHousehold, perHousehold: number, perPerson: number): number {
  return perHousehold + perPerson * h.members;
}

/** Whole units per household under `rule`: never above demand, summing to at most `supply`. */
export function allocate(rule: AllocationRule, demand: number[], weight: number[], supply: number): number[] {
  const input = { demand, weight, supply };
  const x = rule === 'priority' ? allocateUtilitarian(input).x
    : rule === 'proportional' ? allocateProportional(input).x
      : rule === 'min_unmet' ? allocateMinMaxUnmet(input).x
        : allocateWaterFilling(input).x;
  return roundToUnits(x, demand, weight, supply);
}

export type RuleFigures = {
  rule: AllocationRule; allocated: number; servedInFull: number; vulnerableServedInFull: number; gettingNothing: number; minShare: number | null;
};

/** What a rule's shares mean for the households: figures only (no one named). Vulnerable = weight above 1. */
export function figuresOf(rule: AllocationRule, q: readonly number[], demand: readonly number[], weight: readonly number[]): RuleFigures {
  let allocated = 0, servedInFull = 0, vulnerableServedInFull = 0, gettingNothing = 0;
  let minShare: number | null = null;
  for (let i = 0; i < q.length; i++) {
    allocated += q[i]!;
    if (demand[i]! <= 0) continue;
    if (q[i]! >= demand[i]!) {
      servedInFull++;
      if (weight[i]! > 1) vulnerableServedInFull++;
    }
    if (q[i] === 0) gettingNothing++;
    else minShare = Math.min(minShare ?? 1, q[i]! / demand[i]!);
  }
  return { rule, allocated, servedInFull, vulnerableServedInFull, gettingNothing, minShare };
}
