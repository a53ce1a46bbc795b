// DEV ONLY — a stand-in for packages/server while it is being written, used to look at the UI
// (screenshots) before the real API exists. Production code never imports this file.
// Serves ../dist with the production CSP and fakes the auth + audit endpoints of the API contract.
// Run: npx tsx packages/web/dev/mock-api.ts  (PORT=5174 by default)
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { randomBytes, createHash } from 'node:crypto';

const DIST = join(import.meta.dirname, '..', 'dist');
const PORT = Number(process.env.PORT ?? 5174);
const PASSWORD = 'Renxing@Demo2026';

type Org = { id: string; level: string; name: string; code: string };
const community: Org = { id: 'org-c1', level: 'community', name: '舟山市定海区昌国街道A社区', code: '330902001001' };
const district: Org = { id: 'org-d1', level: 'district', name: '舟山市定海区', code: '330902' };
const users: Record<string, { id: string; displayName: string; role: string; org: Org; permissions: string[] }> = {
  auditor: { id: 'u-auditor', displayName: '审计员 周敏', role: 'auditor', org: district, permissions: ['audit:read'] },
  grid1: { id: 'u-grid1', displayName: '网格员 王丽', role: 'grid_worker', org: { ...community, id: 'org-g1', level: 'grid', name: 'A社区 第一网格' }, permissions: ['resident:read', 'warning:read'] },
  admin: { id: 'u-admin', displayName: '社区书记 李强', role: 'community_admin', org: community, permissions: ['resident:read', 'resident:import', 'warning:read', 'user:manage'] },
};
const sessions = new Map<string, { username: string; csrf: string }>();
let failures = 0;

const audit = Array.from({ length: 137 }, (_, i) => {
  const id = i + 1;
  const actions = ['auth.login', 'resident.read', 'resident.update', 'audit.read', 'auth.password'];
  const action = actions[id % actions.length];
  return {
    id,
    ts: new Date(Date.UTC(2026, 0, 10, 8, 0, 0) + id * 97_000).toISOString(),
    actorId: id % 11 === 0 ? null : ['u-grid1', 'u-admin', 'u-auditor'][id % 3],
    actorRole: id % 11 === 0 ? null : ['grid_worker', 'community_admin', 'auditor'][id % 3],
    actorOrg: id % 11 === 0 ? null : 'org-c1',
    action,
    objectType: action.startsWith('resident') ? 'resident' : null,
    objectId: action.startsWith('resident') ? `r-${1000 + id}` : null,
    fields: action === 'resident.read' ? ['name', 'idNumber', 'phone'] : [],
    purpose: action === 'resident.read' ? '入户核查' : null,
    reason: null,
    outcome: id % 13 === 0 ? 'denied' : id % 29 === 0 ? 'error' : 'success',
    requestId: `req-${id.toString(16).padStart(6, '0')}`,
    ip: '127.0.0.1',
    count: action === 'resident.read' ? 1 : null,
    prevHash: '',
    hash: '',
  };
});
for (const row of audit) {
  row.prevHash = row.id === 1 ? '0'.repeat(64) : audit[row.id - 2].hash;
  row.hash = createHash('sha256').update(row.prevHash + JSON.stringify({ ...row, hash: '' })).digest('hex');
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}
function fail(res: ServerResponse, status: number, code: string, message: string, messageEn: string, extra: object = {}, headers: Record<string, string> = {}) {
  send(res, status, { error: { code, message, messageEn, details: [], ...extra }, requestId: `req-${randomBytes(4).toString('hex')}` }, headers);
}
async function body(req: IncomingMessage): Promise<Record<string, string>> {
  let s = '';
  for await (const chunk of req) s += chunk;
  return s ? JSON.parse(s) : {};
}
function session(req: IncomingMessage) {
  const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  return sid ? sessions.get(sid) : undefined;
}
function me(username: string) {
  return { username, ...users[username] };
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const s = session(req);
  if (url.pathname.startsWith('/api/')) {
    if (req.method !== 'GET' && s && req.headers['x-csrf-token'] !== s.csrf) return fail(res, 403, 'csrf', 'CSRF 校验失败', 'CSRF check failed');
    if (url.pathname === '/api/auth/login' && req.method === 'POST') {
      const { username, password } = await body(req);
      if (failures >= 5) return fail(res, 429, 'too_many_attempts', '尝试次数过多', 'Too many attempts', {}, { 'retry-after': '900' });
      if (!users[username] || password !== PASSWORD) {
        failures++;
        return fail(res, 401, 'invalid_credentials', '用户名或密码错误', 'Invalid username or password');
      }
      failures = 0;
      const sid = randomBytes(16).toString('hex');
      const csrf = randomBytes(16).toString('hex');
      sessions.set(sid, { username, csrf });
      return send(res, 200, { user: me(username), csrfToken: csrf }, { 'set-cookie': `sid=${sid}; HttpOnly; Path=/; SameSite=Lax` });
    }
    if (!s) return fail(res, 401, 'unauthenticated', '请先登录', 'Please log in');
    if (url.pathname === '/api/auth/me') return send(res, 200, { user: me(s.username), csrfToken: s.csrf });
    if (url.pathname === '/api/auth/logout') {
      sessions.forEach((v, k) => v === s && sessions.delete(k));
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/api/auth/password') {
      const { currentPassword, newPassword } = await body(req);
      if (currentPassword !== PASSWORD) return fail(res, 401, 'invalid_credentials', '当前密码错误', 'Current password is wrong');
      const details = [];
      if (newPassword.length < 12) details.push({ path: 'newPassword', code: 'too_short', message: '密码至少需要 12 位', messageEn: 'Password must be at least 12 characters' });
      if (newPassword.toLowerCase().includes(s.username)) details.push({ path: 'newPassword', code: 'contains_username', message: '密码不能包含用户名', messageEn: 'Password must not contain the username' });
      if (details.length) return fail(res, 400, 'validation_failed', '密码不符合要求', 'Password rejected', { details });
      res.writeHead(204).end();
      return;
    }
    if (url.pathname.startsWith('/api/audit')) {
      if (!users[s.username].permissions.includes('audit:read')) return fail(res, 403, 'forbidden', '无权访问', 'Forbidden');
      if (url.pathname === '/api/audit/verify') return send(res, 200, { ok: true, checked: audit.length, firstBrokenId: null });
      const q = url.searchParams;
      let rows = audit.slice().reverse();
      for (const key of ['actorId', 'action', 'objectType', 'outcome'] as const) {
        const v = q.get(key);
        if (v) rows = rows.filter((r) => r[key] === v);
      }
      if (q.get('from')) rows = rows.filter((r) => r.ts >= q.get('from')!);
      if (q.get('to')) rows = rows.filter((r) => r.ts <= q.get('to')!);
      const page = Number(q.get('page') ?? 1);
      const pageSize = Number(q.get('pageSize') ?? 50);
      return send(res, 200, { items: rows.slice((page - 1) * pageSize, page * pageSize), total: rows.length, page, pageSize });
    }
    return fail(res, 404, 'not_found', '未找到', 'Not found');
  }
  const path = normalize(url.pathname).replace(/^(\.\.[/\\])+/, '');
  let file = join(DIST, path);
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch {
    file = join(DIST, 'index.html');
    data = await readFile(file);
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'",
  });
  res.end(data);
}).listen(PORT, '127.0.0.1', () => console.log(`mock on http://127.0.0.1:${PORT}`));
