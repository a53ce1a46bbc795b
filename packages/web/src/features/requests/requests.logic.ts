// Pure helpers of 上级任务 (ADR 0093): which answers need a reason, and the body of 填报.

export type Draft = Record<string, { value: number | null; reason: string }>;
type Fig = { code: string; system: { value: number } | null; answer: { value: number; reason: string | null } | null };

/** The starting draft: the saved answer where there is one, else the figure the system reads now. */
export function initialDraft(figures: readonly Fig[]): Draft {
  return Object.fromEntries(figures.map((f) => [f.code, { value: f.answer?.value ?? f.system?.value ?? null, reason: f.answer?.reason ?? '' }]));
}

/** A figure changed from what the system reads needs a reason (kept with the answer). */
export function needsReason(f: Fig, d: Draft[string] | undefined): boolean {
  return !!d && d.value != null && f.system != null && d.value !== f.system.value;
}

/** The codes still wrong: no value, or corrected without a reason. */
export function draftProblems(figures: readonly Fig[], draft: Draft): string[] {
  return figures.filter((f) => {
    const d = draft[f.code];
    return !d || d.value == null || (needsReason(f, d) && !d.reason.trim());
  }).map((f) => f.code);
}

/** The body of 填报. */
export function answerBody(figures: readonly Fig[], draft: Draft) {
  return figures.map((f) => {
    const d = draft[f.code]!;
    return needsReason(f, d) ? { code: f.code, value: d.value!, reason: d.reason.trim() } : { code: f.code, value: d.value! };
  });
}

/** A deadline's state: 已报送, 已逾期, 今日截止 (within 24 h), or 待办. */
export function deadlineState(deadline: string, status: string, now: Date): 'done' | 'overdue' | 'soon' | 'ok' {
  if (status === 'submitted') return 'done';
  const ms = Date.parse(deadline) - now.getTime();
  if (ms < 0) return 'overdue';
  return ms < 86_400_000 ? 'soon' : 'ok';
}
