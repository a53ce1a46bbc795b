// Bad input across the whole API (brief: "bad input gets a 4xx with a clear message naming the field, zh-CN and
// English"). The OpenAPI document lists every route with its parameters and body schema; this walk sends each route,
// as a user whose role holds the route's permission (with the second factor passed), input that cannot be valid:
// - a body that is not JSON, a body of the wrong JSON type, an unknown property;
// - each declared property with a value of the wrong type, with a NUL character, and (text) 100,000 characters long;
// - each query parameter with a NUL character or a value of the wrong type, and on reads with edge values of the
//   right type (never a 5xx);
// - path parameters that are no id at all (too long for the router, broken percent-encoding, %00, a path trick).
// Every answer must be a client error (4xx, never 5xx) in the error shape with zh-CN and English messages; a 400
// for a mutated property or query parameter must name it in `details`, and every text property must have a length
// limit. Runs on both databases: PostgreSQL is where text reaching the database fails (a NUL character in any text
// was a 500 there, on 26 routes through the path alone, before the NUL guard, http/nul-guard.ts). ADR 0061.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, type TestApp } from '../../test/harness';
import { seedScopedFixture } from '../../test/registry-fixture';
import { ROLE_PERMISSIONS, type ROLES } from '../modules/auth';
import { accessAllows } from './access';
import type { RouteAccess } from './auth-context';
import { DEMO_USERS } from '../seed/foundation';

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; $ref?: string; enum?: unknown[]; const?: unknown; items?: Schema };
type Operation = { parameters?: Array<{ name: string; in: 'path' | 'query' | 'header'; schema?: Schema }>; requestBody?: { content?: Record<string, { schema?: Schema }> } };
type Problem = { route: string; input: string; status: number; body: string };

/** Demo username → role (the seed's own list). */
const USERS: Record<string, (typeof ROLES)[number]> = Object.fromEntries(DEMO_USERS.map((u) => [u.username, u.role]));
/** Routes that end the caller's session or account when they succeed; bad input must not reach them either, but
 * the walk re-logs in after them so one slip does not turn every later answer into a 401. */
const SESSION_ENDING = /\/api\/auth\/(logout|sessions|password)|\/api\/me\/devices/;

const EDGE_QUERY_VALUES = ['-1', '0', '1e21', '99999999999999999999', 'x'.repeat(5000), "'; drop table residents; --", '%', '_', '\\', '𠀀😀', ' '];

/** Every JSON type a property may take (following $ref, unions and nullability). */
function typesOf(s: Schema | undefined, refs: (ref: string) => Schema | undefined, depth = 0): Set<string> {
  const out = new Set<string>();
  if (!s || depth > 8) return new Set(['any']);
  if (s.$ref) return typesOf(refs(s.$ref), refs, depth + 1);
  for (const sub of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) for (const x of typesOf(sub, refs, depth + 1)) out.add(x);
  for (const sub of s.allOf ?? []) for (const x of typesOf(sub, refs, depth + 1)) out.add(x);
  if (s.type) for (const x of Array.isArray(s.type) ? s.type : [s.type]) out.add(x === 'integer' ? 'number' : x);
  if (s.enum) for (const v of s.enum) out.add(v === null ? 'null' : typeof v);
  if (s.const !== undefined) out.add(s.const === null ? 'null' : typeof s.const);
  if (out.size === 0) out.add('any');
  return out;
}

/** A value no schema with these types accepts, or undefined when any value would do. */
function wrongValue(types: Set<string>): unknown {
  if (types.has('any')) return undefined;
  const candidates: unknown[] = [{ nested: { deep: [1] } }, ['x'], 12345.5, 'not-a-valid-value', true];
  return candidates.find((v) => !types.has(Array.isArray(v) ? 'array' : typeof v));
}

/** A query value that is wrong for these types (query strings are text: only numbers, booleans and enums can be wrong). */
function wrongQuery(s: Schema | undefined, refs: (ref: string) => Schema | undefined): string | undefined {
  const types = typesOf(s, refs);
  if (types.has('any') || types.has('string') && !hasEnum(s, refs)) return undefined;
  return 'zz-not-valid';
}
function hasEnum(s: Schema | undefined, refs: (ref: string) => Schema | undefined, depth = 0): boolean {
  if (!s || depth > 8) return false;
  if (s.$ref) return hasEnum(refs(s.$ref), refs, depth + 1);
  if (s.enum || s.const !== undefined) return true;
  const subs = [...(s.anyOf ?? []), ...(s.oneOf ?? [])];
  return subs.length > 0 && subs.every((x) => hasEnum(x, refs, depth + 1) || typesOf(x, refs).has('null'));
}

describe('bad input on every route: a 4xx naming the field, never a 5xx', () => {
  let t: TestApp;
  let spec: { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };
  const sessions = new Map<string, Session>();
  const loggedIn = new Set<string>();
  const relogins: string[] = [];
  beforeAll(async () => {
    // The walk sends hundreds of requests to the public (no-login) routes from one address: the per-address limit
    // (ADR 0036, tested in public-rate-limit.test.ts) would answer 429 before the input is read.
    t = await createTestApp({ config: { publicRatePerMinute: 100_000 } });
    await seedScopedFixture(t, 2);
    spec = (await t.app.inject({ url: '/api/docs/json' })).json();
  });
  afterAll(async () => t.close());

  const refs = (ref: string) => spec.components?.schemas?.[ref.replace('#/components/schemas/', '')];

  async function sessionFor(access: RouteAccess | undefined): Promise<{ user: string; s: Session } | null> {
    const user = access === undefined || access === 'public' || access === 'authenticated'
      ? 'admin'
      : Object.keys(USERS).find((u) => accessAllows(access, (p) => ROLE_PERMISSIONS[USERS[u]!].includes(p)));
    if (!user) return null;
    let s = sessions.get(user);
    if (!s) {
      if (loggedIn.has(user)) {
        relogins.push(user);
        t.clock.advance(31_000); // a fresh TOTP step for the second factor
      }
      sessions.set(user, (s = await t.loginMfa(user)));
      loggedIn.add(user);
    }
    return { user, s };
  }

  const statuses = new Map<string, number>();
  function check(problems: Problem[], route: string, input: string, res: { statusCode: number; body: string }, field?: string) {
    const kind = `${input.split(/[ .=]/)[0]} ${res.statusCode}`;
    statuses.set(kind, (statuses.get(kind) ?? 0) + 1);
    const bad = (why: string) => problems.push({ route, input: `${input} (${why})`, status: res.statusCode, body: res.body.slice(0, 300) });
    if (res.statusCode < 400 || res.statusCode >= 500) return bad('not a 4xx');
    let err: { code?: unknown; message?: unknown; messageEn?: unknown; details?: Array<{ path: string; message: string; messageEn: string }> };
    try {
      err = (JSON.parse(res.body) as { error: typeof err }).error;
    } catch {
      return bad('not a JSON error body');
    }
    if (typeof err?.code !== 'string' || typeof err.message !== 'string' || !/[\u4e00-\u9fff]/.test(err.message)) return bad('no code or zh-CN message');
    if (typeof err.messageEn !== 'string' || !/[a-z]/i.test(err.messageEn)) return bad('no English message');
    if (res.statusCode === 400 && field !== undefined) {
      const named = (err.details ?? []).some((d) => d.path === field || d.path.startsWith(`${field}.`) || d.path.startsWith(`${field}[`));
      if (!named) bad(`400 does not name ${field}`);
    }
  }

  it('walks every documented operation', async () => {
    const problems: Problem[] = [];
    let sent = 0;
    let operations = 0;
    for (const [pathKey, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const M = method.toUpperCase();
        if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(M)) continue;
        const url = pathKey.replace(/\{(\w+)\}/g, ':$1');
        const route = t.routes.find((r) => r.method === M && r.url === url);
        if (!route) continue;
        const who = await sessionFor(route.access);
        if (!who) continue;
        operations++;
        const name = `${M} ${pathKey}`;
        const fill = (p: string) => p.replace(/\{(\w+)\}/g, '00000000-0000-7000-8000-000000000000');
        const send = async (u: string, payload?: string, headers: Record<string, string> = {}) => {
          sent++;
          const res = await t.app.inject({
            method: M as 'GET', url: u, payload,
            headers: { cookie: who.s.cookie, 'x-csrf-token': who.s.csrf, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
          });
          if (res.statusCode === 401 || SESSION_ENDING.test(pathKey)) sessions.delete(who.user);
          return res;
        };
        // Path parameters that are no id: too long, not text of an id, a path trick.
        for (const junk of ['x'.repeat(300), '%E4%B8%AD%E6%96%87', '%E4%B8', '%zz', '..%2F..%2Fetc', '-1', '%00']) {
          if (!pathKey.includes('{')) break;
          const u = pathKey.replace(/\{(\w+)\}/g, junk);
          check(problems, name, `path ${junk.slice(0, 20)}`, await send(u, M === 'GET' || M === 'DELETE' ? undefined : '{}'));
        }
        // Query parameters of the wrong type, one at a time.
        for (const p of op.parameters ?? []) {
          if (p.in !== 'query') continue;
          check(problems, name, `query ${p.name}=NUL`, await send(`${fill(pathKey)}?${p.name}=a%00b`), `querystring.${p.name}`);
          // Reads only: values of the right type at the edges (numbers out of range, long text, SQL and LIKE
          // metacharacters, characters outside the BMP) may be valid or not, but are never a 5xx.
          if (M === 'GET') {
            for (const edge of EDGE_QUERY_VALUES) {
              const res = await send(`${fill(pathKey)}?${p.name}=${encodeURIComponent(edge)}`);
              if (res.statusCode >= 500) problems.push({ route: name, input: `query ${p.name}=${edge.slice(0, 20)} (5xx)`, status: res.statusCode, body: res.body.slice(0, 300) });
              else if (res.statusCode >= 400) check(problems, name, `query ${p.name}=${edge.slice(0, 20)}`, res);
            }
          }
          const v = wrongQuery(p.schema, refs);
          if (v === undefined) continue;
          check(problems, name, `query ${p.name}=${v}`, await send(`${fill(pathKey)}?${p.name}=${encodeURIComponent(v)}`), `querystring.${p.name}`);
        }
        const body = op.requestBody?.content?.['application/json']?.schema;
        if (!body) continue;
        const u = fill(pathKey);
        check(problems, name, 'body not JSON', await send(u, '{"a":'));
        check(problems, name, 'body a JSON list', await send(u, '[1,2]'));
        check(problems, name, 'unknown property', await send(u, JSON.stringify({ zzUnknownProperty: 1 })), 'body');
        const props = (body.$ref ? refs(body.$ref) : body)?.properties ?? {};
        for (const [prop, schema] of Object.entries(props)) {
          const types = typesOf(schema, refs);
          // Text with a NUL character: PostgreSQL cannot hold it (it was a 500 there before the NUL guard).
          if (types.has('string') || types.has('any')) check(problems, name, `body.${prop}=NUL`, await send(u, JSON.stringify({ [prop]: 'a\u0000b' })), `body.${prop}`);
          // Every text property has a length limit (or a format): 100,000 characters are refused naming it.
          if (types.has('string')) {
            const res = await send(u, JSON.stringify({ [prop]: 'x'.repeat(100_000) }));
            check(problems, name, `body.${prop}=100k`, res, `body.${prop}`);
            const details = res.statusCode === 400 ? (JSON.parse(res.body).error.details as Array<{ path: string; code: string }>) : [];
            if (!details.some((d) => d.path === `body.${prop}` && d.code !== 'required' && d.code !== 'invalid_type')) {
              problems.push({ route: name, input: `body.${prop}=100k (no length limit)`, status: res.statusCode, body: res.body.slice(0, 200) });
            }
          }
          const v = wrongValue(types);
          if (v === undefined) continue;
          check(problems, name, `body.${prop}=${JSON.stringify(v)}`, await send(u, JSON.stringify({ [prop]: v })), `body.${prop}`);
        }
      }
    }
    // BAD_INPUT_DUMP=1: what was sent and answered, and every problem on one line (for reading a failure).
    if (process.env.BAD_INPUT_DUMP) console.log(operations, sent, relogins, [...statuses].sort());
    if (process.env.BAD_INPUT_DUMP) console.log(problems.map((p) => `${p.status} ${p.route} | ${p.input} | ${p.body.slice(0, 160)}`).join('\n'));
    expect(problems).toEqual([]);
    expect(operations).toBeGreaterThan(80);
    expect(sent).toBeGreaterThan(500);
  }, 120_000);

  it('router errors and NUL characters: the error envelope with security headers, the path not echoed, nothing stored', async () => {
    const s = await t.login('grid1');
    for (const [url, status, code] of [
      [`/api/residents/${'9'.repeat(150)}`, 414, 'uri_too_long'],
      ['/api/residents/%zz', 400, 'bad_url'],
      ['/api/residents/%E4%B8', 400, 'bad_url'],
    ] as const) {
      const res = await as(t, s).get(url);
      expect(res.statusCode, url).toBe(status);
      expect(res.json().error).toMatchObject({ code, details: [] });
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(res.json().error.messageEn).toMatch(/URL/);
      expect(res.body).not.toContain(url.slice('/api/residents/'.length));
      expect(res.json().requestId).toBe(res.headers['x-request-id']);
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
    }
    const before = (await t.platform.database.db.selectFrom('duty_logs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
    const res = await as(t, s).post('/api/duty-logs', { category: 'shift', content: '巡查\u0000完毕' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ path: 'body.content', code: 'nul_character', message: expect.stringMatching(/空字符/), messageEn: expect.stringMatching(/NUL/) }]);
    const q = await as(t, s).get('/api/residents/search?q=%00');
    expect([q.statusCode, q.json().error.details[0].path]).toEqual([400, 'querystring.q']);
    const ok = await as(t, s).post('/api/duty-logs', { category: 'shift', content: '巡查完毕' });
    expect(ok.statusCode).toBe(201);
    const after = (await t.platform.database.db.selectFrom('duty_logs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
    expect(Number(after)).toBe(Number(before) + 1);
  });
});
