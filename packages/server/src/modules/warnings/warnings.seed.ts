import { isoWeekday } from '@renxing/analytics';
import type { Platform } from '../../platform/context';
import type { AuditService } from '../audit';
import type { AuthService } from '../auth';
import type { OrgsService } from '../orgs';
import type { RegistryService } from '../registry';
import { createNotificationsService } from '../notifications';
import { DEMO_ORGS } from '../../seed/foundation';
import { addDays, dayRange } from './warnings.dates';
import { createWarningsService, type ObservationInput, type WarningsService } from './warnings.service';

/** What the demo seed needs of the built app (its services), without depending on app.ts. */
export type WarningsSeedDeps = {
  services: {
    audit: AuditService; orgs: OrgsService; auth: Pick<AuthService, 'activeUserIds' | 'userLabels'>; registry: Pick<RegistryService, 'activeCount'>;
    warnings?: WarningsService;
  };
};

/** Seeded PRNG (mulberry32) keyed by a string: the same demo every time. Never Math.random. */
function prng(key: string) {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Poisson draw by inversion (small means only). */
function poisson(u: () => number, lambda: number): number {
  if (lambda <= 0) return 0;
  let k = 0;
  let p = Math.exp(-lambda);
  let s = p;
  const x = u();
  while (x > s && k < 500) {
    k++;
    p *= lambda / k;
    s += p;
  }
  return k;
}

/** Expected daily count per grid for each indicator (weekday pattern: fewer reports at weekends). */
const BASE: Record<string, (gridIndex: number, weekday: number) => number> = {
  fever_reports: (g, wd) => (1.6 + 0.5 * (g % 3)) * (wd >= 6 ? 0.75 : 1),
  positive_pools: () => 0,
  gate_anomalies: (g, wd) => (2.5 + 0.4 * (g % 4)) * (wd >= 6 ? 1.3 : 1),
  quarantine_breaches: () => 0.02,
  complaints: (g, wd) => (0.8 + 0.2 * (g % 2)) * (wd >= 6 ? 0.6 : 1),
};

/** Extra fever self-reports in the cluster grid over the last week (oldest first): a growing household cluster. */
export const DEMO_FEVER_CLUSTER = [1, 2, 3, 5, 6, 8, 10] as const;

/**
 * Demo data for the warning pages: 120 days of synthetic, deterministic daily counts for every grid of the demo
 * community and the five indicators, a fever cluster in 第一网格 over the last 7 days, one positive pooled sample
 * there yesterday, then an evaluation of the last 7 days so that the warning list has alerts. Idempotent: a second
 * call adds nothing (the upsert leaves equal counts untouched and alerts are unique per grid × indicator × day).
 */
export async function seedWarningsDemo(a: WarningsSeedDeps, platform: Platform, o: { days?: number; today?: string } = {}) {
  const warnings = a.services.warnings
    ?? createWarningsService(
      platform, a.services.audit, a.services.orgs, createNotificationsService(platform.database, () => platform.clock.now(), a.services.audit), a.services.auth, a.services.registry,
    );
  const { orgs } = a.services;
  const community = await orgs.byCode(DEMO_ORGS.community.code);
  if (!community) throw new Error('seedWarningsDemo: the demo community is missing (run seedFoundation first)');
  const grids = (await orgs.within(community.path)).filter((g) => g.level === 'grid').sort((x, y) => x.code.localeCompare(y.code));
  const today = o.today ?? warnings.today();
  const n = o.days ?? 120;
  const dates = dayRange(addDays(today, -(n - 1)), today);
  const items: ObservationInput[] = [];
  for (const [gi, g] of grids.entries()) {
    for (const code of Object.keys(BASE)) {
      const u = prng(`renxing-warnings-demo|${g.code}|${code}`);
      for (const [di, d] of dates.entries()) {
        let count = poisson(u, BASE[code]!(gi, isoWeekday(d)));
        const fromEnd = n - 1 - di; // 0 = today
        if (gi === 0 && code === 'fever_reports' && fromEnd < DEMO_FEVER_CLUSTER.length) count += DEMO_FEVER_CLUSTER[DEMO_FEVER_CLUSTER.length - 1 - fromEnd]!;
        if (gi === 0 && code === 'positive_pools' && fromEnd === 1) count = 1;
        items.push({ gridId: g.id, indicator: code, date: d, count });
      }
    }
  }
  const ingested = { inserted: 0, updated: 0, unchanged: 0 };
  for (let i = 0; i < items.length; i += 5000) {
    const r = await warnings.observe(items.slice(i, i + 5000), { source: 'demo', scopePath: community.path, actor: null });
    ingested.inserted += r.inserted;
    ingested.updated += r.updated;
    ingested.unchanged += r.unchanged;
  }
  const evaluation = await warnings.evaluate({ scopePath: community.path, asOf: today, days: 7 });
  // The daily fever counts per grid, for the demo's fever self-reports to agree with (seed/index.ts, ADR 0027 addendum).
  const fevers = items.filter((i) => i.indicator === 'fever_reports').map(({ gridId, date, count }) => ({ gridId, date, count }));
  return { grids: grids.length, days: n, ...ingested, evaluation, today, fevers };
}
