// The audit list's count line (ADR 0059): the server stops counting past 10,000 matches and says so with
// `totalExact: false`; the page then says "at least N" instead of "N".

export function auditTotalKey(totalExact: boolean | undefined): 'audit.total' | 'audit.totalAtLeast' {
  return totalExact === false ? 'audit.totalAtLeast' : 'audit.total';
}
