// Personal data across the whole API (brief: "personal data is masked by default and every read of it is audited";
// SECURITY.md C14, D18), over the demo community (6,000 residents, households, self-reports, warnings, the linked
// resident account). Every GET route of the route inventory is called by every demo user whose role holds its
// permission: first the routes without path parameters (the first page of every list; a list that needs an id in its
// query, `?communityId=`, again with the ids seen under that name), then the routes with them, filled with ids the
// first pass found — ids of the list the route extends (`/api/warnings/alerts` for `/api/warnings/alerts/:id`) and ids
// named after its resource anywhere (`householdId` for `/api/households/:id`, `"buildings":[{"id":…}]` for
// `/api/places/buildings/:id/units`).
// For every 200 answer (the harness's watch on every response, test/watch-personal-data.ts, whose failures this walk
// collects instead of stopping at the first):
// - no full ID number (18 characters with a valid GB 11643 check character) and no full mainland mobile number;
// - an answer that carries personal data in masked form (a masked ID number, a masked phone number or a masked name)
//   has an audit row with its request id: the read was audited.
// Runs on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FullPersonalDataInResponse, UnauditedPersonalData, fullPersonalData, maskedPersonalData } from '../../test/watch-personal-data';
import { as, createTestApp, type Session, type TestApp } from '../../test/harness';
import { ROLE_PERMISSIONS, type ROLES } from '../modules/auth';
import { accessAllows } from './access';
import type { RouteAccess } from './auth-context';
import { DEMO_USERS } from '../seed/foundation';
import { seedAll } from '../seed';

/** Demo username → role (the seed's own list). */
const USERS: Record<string, (typeof ROLES)[number]> = Object.fromEntries(DEMO_USERS.map((u) => [u.username, u.role]));
const CANDIDATES_PER_ROUTE = 5;
/**
 * Routes that show a value in full by design, with the audited field that says so. A correction request's detail
 * gives the proposed phone number in clear to the staff who apply it (ADR 0028: an audited read of `proposed`).
 */
const FULL_BY_DESIGN: Record<string, string> = { '/api/registry/corrections/:id': 'proposed' };

/** `deletion-requests` → `deletionRequestId`, `self-reports` → `selfReportId`, `households` → `householdId`. */
function idKeyOf(segment: string): string {
  const singular = segment.replace(/ies$/, 'y').replace(/s$/, '');
  return `${singular.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}Id`;
}

describe('personal data on every GET route: never in full, and every masked read audited', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: new Date().toISOString() });
    await seedAll(t, t.platform, { demo: true });
    // Objects the demo has none of, made the way users make them: a resident's requests to correct their phone number
    // and to delete their care tags, and a community admin's masked export.
    const resident = await t.login('resident');
    const made = [
      await as(t, resident).post('/api/me/corrections', { field: 'phone', proposed: '13912345678', note: '换号了' }),
      await as(t, resident).post('/api/me/deletion-requests', { ground: 'no_longer_necessary', scope: 'care_tags', note: null }),
      await as(t, await t.loginMfa('admin')).post('/api/exports', {
        kind: 'residents', filters: { tag: 'pregnant' }, columns: ['name', 'idNumber', 'phone', 'address'], purpose: 'registry.report', reason: '季度名册核对（测试）', format: 'csv',
      }),
    ];
    for (const r of made) expect([201, 202], r.body).toContain(r.statusCode);
  }, 120_000);
  afterAll(async () => t?.close());

  it('walks every GET route as every permitted role, with the ids the lists show', async () => {
    const sessions = new Map<string, Session>();
    const leaks: string[] = [];
    const unaudited: string[] = [];
    const withPersonalData = new Set<string>();
    const fullByDesign = new Set<string>();
    const needsQuery: Array<{ u: string; route: string; key: string }> = [];
    const idsFrom = new Map<string, Set<string>>(); // list route → the `id` values it showed
    const idsNamed = new Map<string, Set<string>>(); // key (`householdId`) → values seen anywhere
    let answered = 0;
    const add = (m: Map<string, Set<string>>, k: string, v: string) => {
      if (!m.has(k)) m.set(k, new Set());
      if (m.get(k)!.size < 50) m.get(k)!.add(v);
    };
    const gets = t.routes.filter((r) => r.method === 'GET' && r.url.startsWith('/api/') && r.access !== 'public' && !r.url.startsWith('/api/docs'));
    const usersOf = (access: RouteAccess | undefined) =>
      Object.keys(USERS).filter((u) => access === 'authenticated' || (access !== undefined && accessAllows(access, (p) => ROLE_PERMISSIONS[USERS[u]!].includes(p))));

    async function call(u: string, route: string, url: string) {
      let s = sessions.get(u);
      if (!s) sessions.set(u, (s = await t.loginMfa(u)));
      let res;
      try {
        res = await t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
      } catch (e) {
        if (e instanceof FullPersonalDataInResponse) leaks.push(`${u}: ${e.message}`);
        else if (e instanceof UnauditedPersonalData) unaudited.push(`${u} GET ${route}`);
        else throw e;
        return;
      }
      if (res.statusCode === 400 && !url.includes('?')) {
        // A list that needs an id in its query (`?communityId=`): called again below with the ids seen under that name.
        const needs = (res.json().error.details as Array<{ path: string; code: string }>).map((d) => /^querystring\.(\w+Id)$/.exec(d.path)?.[1]);
        if (needs.length === 1 && needs[0]) needsQuery.push({ u, route, key: needs[0] });
      }
      if (res.statusCode !== 200 || !String(res.headers['content-type']).includes('json')) return;
      answered++;
      const body = res.body;
      const audited = () => t.platform.database.db.selectFrom('audit_log').select('fields').where('request_id', '=', String(res.headers['x-request-id'])).execute();
      // Shown in full by design (the harness let it through): the read must be audited naming that field.
      const byDesign = FULL_BY_DESIGN[route];
      if (fullPersonalData(body).length > 0 && byDesign !== undefined) {
        fullByDesign.add(route);
        if (!(await audited()).some((r) => (JSON.parse(r.fields) as string[]).includes(byDesign))) unaudited.push(`${u} GET ${route} (full ${byDesign})`);
      }
      // Masked personal data: the harness has checked that the read was audited.
      if (maskedPersonalData(body)) withPersonalData.add(route);
      // Ids: `id` of the answer's own items (this list's), `xxxId` keys anywhere, and `id` of items in an array
      // named after their kind (`"buildings":[{"id":…}]` → buildingId).
      const harvest = (v: unknown, listKey: string | null, depth: number): void => {
        if (depth > 6 || v === null || typeof v !== 'object') return;
        if (Array.isArray(v)) return v.slice(0, 50).forEach((x) => harvest(x, listKey, depth + 1));
        for (const [k, x] of Object.entries(v)) {
          if ((typeof x === 'string' && /^[\w-]{8,64}$/.test(x)) || (typeof x === 'number' && Number.isInteger(x) && /id$/i.test(k))) {
            if (k === 'id') add(listKey ? idsNamed : idsFrom, listKey ? idKeyOf(listKey) : route, String(x));
            else if (/[a-z]Id$/.test(k)) add(idsNamed, k, String(x));
          } else if (Array.isArray(x) && k !== 'items') harvest(x, k, depth + 1);
          else harvest(x, k === 'items' ? null : listKey, depth + 1);
        }
      };
      harvest(JSON.parse(body), null, 0);
    }

    for (const route of gets.filter((r) => !r.url.includes(':'))) for (const u of usersOf(route.access)) await call(u, route.url, route.url);
    add(idsNamed, 'communityId', t.orgs.community.id);
    for (const { u, route, key } of needsQuery) {
      for (const id of [...(idsNamed.get(key) ?? [])].slice(0, 2)) await call(u, route, `${route}?${key}=${encodeURIComponent(id)}`);
    }
    let withParams = 0;
    for (const route of gets.filter((r) => r.url.includes(':'))) {
      const [head] = route.url.split('/:');
      const segment = head!.slice(head!.lastIndexOf('/') + 1);
      // The list this route extends, else the nearest list above it (`/api/places` for `/api/places/buildings/:id/units`).
      const lists = [...idsFrom.keys()].filter((l) => head === l || head!.startsWith(`${l}/`)).sort((a, b) => b.length - a.length);
      const candidates = [...new Set([...(idsFrom.get(lists[0] ?? '') ?? []), ...(idsNamed.get(idKeyOf(segment)) ?? [])])].slice(0, CANDIDATES_PER_ROUTE);
      if (candidates.length > 0) withParams++;
      for (const u of usersOf(route.access)) for (const id of candidates) await call(u, route.url, route.url.replace(/:(\w+)/g, id));
    }

    expect(leaks).toEqual([]);
    expect([...new Set(unaudited)]).toEqual([]);
    // The walk reached personal data in lists, profiles, households and follow-up work — not only empty pages.
    expect([...withPersonalData]).toEqual(expect.arrayContaining(['/api/residents', '/api/residents/:id', '/api/households/:id', '/api/self-reports']));
    expect([...fullByDesign]).toEqual(Object.keys(FULL_BY_DESIGN));
    expect(withParams).toBeGreaterThan(8);
    expect(answered).toBeGreaterThan(150);
  }, 240_000);

  // SECURITY.md B11/C15 across the API: a record outside the user's scope answers 404, and list filters cannot widen
  // scope. Users of A社区 (and the grid worker of its 第一网格) are sent, on every GET route, the ids of places,
  // households and residents outside their scope — B社区's for everyone, A社区's 第二网格 for the grid worker — in each
  // id-like query filter and in each path parameter. No answer may be a 5xx or show one of those residents or
  // households (a 200 may only be an empty or in-scope page), and a path parameter outside scope is a 404.
  it('filters and ids outside the user\'s scope: never widened, a record outside scope is 404', async () => {
    // Who lives outside: read from the database (test set-up), 200 of each area.
    const outside = async (path: string) => {
      const rows = await t.platform.database.db.selectFrom('residents').select(['id', 'household_id']).where('org_path', 'like', `${path}%`).orderBy('id').limit(200).execute();
      return { residents: rows.map((r) => r.id as string), households: [...new Set(rows.map((r) => r.household_id as string))] };
    };
    const B = await outside(t.orgs.other.path);
    const grid2 = await outside(t.orgs.grids[1]!.path);
    expect(B.residents.length).toBeGreaterThan(50);
    expect(grid2.residents.length).toBeGreaterThan(50);
    const scopes: Record<string, { places: string[]; residents: string[]; households: string[] }> = {};
    for (const u of ['admin', 'doctor', 'collector', 'volunteer']) {
      scopes[u] = { places: [t.orgs.other.id, t.orgs.otherGrids[0]!.id], residents: B.residents, households: B.households };
    }
    scopes.grid1 = {
      places: [t.orgs.other.id, t.orgs.otherGrids[0]!.id, t.orgs.grids[1]!.id],
      residents: [...B.residents, ...grid2.residents], households: [...B.households, ...grid2.households],
    };
    const FILTERS = ['gridId', 'householdId', 'orgId', 'communityId', 'parentId', 'scope', 'id', 'area', 'subjectId'];
    const spec = (await t.app.inject({ url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>> };
    const problems: string[] = [];
    let filtered = 0;
    let pathChecks = 0;
    for (const [u, sc] of Object.entries(scopes)) {
      t.clock.advance(31_000); // a fresh TOTP step: the first walk used this user's current one
      const s = await t.loginMfa(u);
      const seen = (body: string, except: string) => [...sc.residents, ...sc.households].filter((id) => id !== except && body.includes(id));
      for (const route of t.routes.filter((r) => r.method === 'GET' && r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'))) {
        if (route.access !== 'authenticated' && !accessAllows(route.access!, (p) => ROLE_PERMISSIONS[USERS[u]!].includes(p))) continue;
        const params = spec.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.get?.parameters ?? [];
        if (!route.url.includes(':')) {
          for (const p of params.filter((x) => x.in === 'query' && FILTERS.includes(x.name))) {
            const values = p.name === 'householdId' ? sc.households.slice(0, 2) : p.name === 'subjectId' ? sc.residents.slice(0, 2) : sc.places;
            for (const v of values) {
              // The place tree takes the kind of node with its id.
              const extra = route.url === '/api/places/tree' ? `&kind=${v === t.orgs.other.id ? 'community' : 'grid'}` : '';
              const res = await t.app.inject({ method: 'GET', url: `${route.url}?${p.name}=${v}${extra}`, headers: { cookie: s.cookie } });
              filtered++;
              if (res.statusCode >= 500) problems.push(`${u} ${route.url}?${p.name}: ${res.statusCode}`);
              else if (res.statusCode === 200 && seen(res.body, v).length > 0) problems.push(`${u} ${route.url}?${p.name}=<outside>: shows ${seen(res.body, v).length} residents/households outside scope`);
            }
          }
          continue;
        }
        const [head] = route.url.split('/:');
        const ids = /\/households$/.test(head!) ? sc.households.slice(0, 3) : /\/residents$/.test(head!) ? sc.residents.slice(0, 3) : [];
        for (const id of ids) {
          const res = await t.app.inject({ method: 'GET', url: route.url.replace(/:(\w+)/g, id), headers: { cookie: s.cookie } });
          pathChecks++;
          if (res.statusCode !== 404) problems.push(`${u} GET ${route.url} with an id outside scope: ${res.statusCode}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(filtered).toBeGreaterThan(60);
    expect(pathChecks).toBeGreaterThan(30);
  }, 240_000);
});
