// For plan tests: the tables that must never be read in full by a lookup (migration 0030, ADR 0057).

/**
 * The referring tables that grow with the population or with time (the others hold one row per request, job or
 * account). Not here: `resident_tags`, checked by path through `(tag, org_path)` — a skip-scan of a few tags once
 * statistics exist (10 ms at 780,000 rows), a scan of the covering index before; `buildings`
 * (one row per building: 11,000 at a million residents, read in 20 ms; its `grid_id` foreign key is indexed).
 */
export const GROWING = ['residents', 'households', 'self_reports', 'resident_status_changes', 'resident_moves', 'resident_consents', 'warning_observations', 'warning_alerts', 'duty_logs'];
