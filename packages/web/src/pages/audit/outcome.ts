import type { AuditOutcome } from '../../api/types';

export const OUTCOMES: readonly AuditOutcome[] = ['success', 'denied', 'error'];
export const OUTCOME_COLORS: Record<AuditOutcome, string> = { success: 'green', denied: 'orange', error: 'red' };
