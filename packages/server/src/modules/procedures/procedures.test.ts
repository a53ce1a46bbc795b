import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { DEMO_PASSWORD } from '../../seed';

type Version = { id: string; number: number; status: string; steps: Array<{ title: string; required: boolean }>; changeNote: string | null; publishedBy: { id: string } | null; version: number; runs: { started: number; completed: number } };
type Detail = { procedure: { id: string; version: number }; versions: Version[]; canManage: boolean };
type Run = { id: string; versionNumber: number; status: string; version: number; steps: Array<{ no: number; done: boolean; note: string | null }>; progress: { done: number; total: number } };

describe('工作规程 procedures (ADR 0088)', () => {
  let t: TestApp;
  let admin: Session;
  let street: Session;
  let grid1: Session;
  let adminB: Session;
  let pid = '';
  let run1: Run;

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-12-04T08:00:00+08:00' });
    await seedScopedFixture(t);
    await t.services.auth.createUser({ username: 'adminb', displayName: 'B社区书记', role: 'community_admin', orgId: t.orgs.other.id, password: DEMO_PASSWORD });
    [admin, street, grid1, adminB] = await Promise.all(['admin', 'street', 'grid1', 'adminb'].map((u) => t.login(u)));
  });
  afterAll(async () => t?.close());
  const steps = [{ title: '核对名单信息', detail: '对照名单核对住址', required: true }, { title: '查验健康码', required: true }, { title: '张贴告知单', required: false }];
  const detail = async (s: Session = admin) => {
    const res = await as(t, s).get(`/api/procedures/${pid}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Detail;
  };
  const draftOf = (d: Detail) => d.versions.find((v) => v.status === 'draft')!;

  it('bad input names the field (zh-CN and English); unknown properties are refused; nothing is stored', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: '返', category: 'screening' }, 'body.title'],
      [{ title: '返乡排查', category: 'cooking' }, 'body.category'],
      [{ title: '返乡排查', category: 'screening', steps: [{ title: '联系 13812345678', required: true }] }, 'body.steps.0.title'],
      [{ title: '返乡排查', category: 'screening', steps: [{ title: '核对', required: 'yes' }] }, 'body.steps.0.required'],
      [{ title: '返乡排查', category: 'screening', steps: Array.from({ length: 31 }, () => ({ title: '核对', required: true })) }, 'body.steps'],
      [{ title: '返乡排查', category: 'screening', owner: 'x' }, 'body.owner'],
    ];
    for (const [b, path] of cases) {
      const res = await as(t, admin).post('/api/procedures', b);
      expect(res.statusCode, JSON.stringify(b)).toBe(400);
      const e = res.json().error;
      expect(e.details.map((d: { path: string }) => d.path), JSON.stringify(b)).toContain(path);
      expect(e.message).toMatch(/[\u4e00-\u9fff]/);
      expect(e.details[0].messageEn).toMatch(/[a-z]/);
    }
    expect(await t.platform.database.db.selectFrom('procedures').select('id').execute()).toEqual([]);
    expect((await as(t, grid1).post('/api/procedures', { title: '返乡排查', category: 'screening' })).statusCode).toBe(403);
    expect((await as(t, street).post('/api/procedures', { title: '返乡排查', category: 'screening' })).statusCode).toBe(403);
  });

  it('a draft is edited version-checked (409 stale), published with a change note; a published version is immutable', async () => {
    const created = await as(t, admin).post('/api/procedures', { title: '返乡人员排查流程', category: 'screening', purpose: '统一口径' });
    expect(created.statusCode, created.body).toBe(201);
    pid = (created.json() as Detail).procedure.id;
    const d0 = draftOf(created.json());
    expect(d0.number).toBe(1);
    const empty = await as(t, admin).post(`/api/procedures/${pid}/draft/publish`, { changeNote: '首次发布', version: d0.version });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details[0].path).toBe('steps');
    const saved = await as(t, admin).put(`/api/procedures/${pid}/draft`, { steps, version: d0.version });
    expect(saved.statusCode, saved.body).toBe(200);
    const stale = await as(t, admin).put(`/api/procedures/${pid}/draft`, { steps: steps.slice(0, 1), version: d0.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    const d1 = draftOf(saved.json());
    expect(d1.steps.map((s) => s.title)).toEqual(['核对名单信息', '查验健康码', '张贴告知单']);
    const note = await as(t, admin).post(`/api/procedures/${pid}/draft/publish`, { changeNote: '首', version: d1.version });
    expect(note.json().error.details[0].path).toBe('body.changeNote');
    const pub = await as(t, admin).post(`/api/procedures/${pid}/draft/publish`, { changeNote: '首次发布', version: d1.version });
    expect(pub.statusCode, pub.body).toBe(200);
    const v1 = (pub.json() as Detail).versions[0]!;
    expect(v1).toMatchObject({ number: 1, status: 'published', changeNote: '首次发布', publishedBy: { id: (await t.services.auth.findByUsername('admin'))!.id } });
    // No draft now: the published version cannot be written.
    const edit = await as(t, admin).put(`/api/procedures/${pid}/draft`, { steps: steps.slice(0, 1), version: v1.version });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('no_draft');
    expect((await detail()).versions[0]!.steps).toHaveLength(3);
    expect((await auditRows(t, { object_id: v1.id })).map((r) => r.action)).toContain('publish');
  });

  it('a run keeps its version after a new one supersedes it; completion refuses while a required step is open, naming it', async () => {
    const started = await as(t, grid1).post('/api/me/checklists', { procedureId: pid, subject: '幸福小区3幢2单元' });
    expect(started.statusCode, started.body).toBe(201);
    run1 = started.json();
    expect(run1).toMatchObject({ versionNumber: 1, status: 'open', progress: { done: 0, total: 3 } });

    const nd = await as(t, admin).post(`/api/procedures/${pid}/draft`);
    expect(nd.statusCode, nd.body).toBe(201);
    expect((await as(t, admin).post(`/api/procedures/${pid}/draft`)).json().error.code).toBe('draft_exists');
    const d2 = draftOf(nd.json());
    expect(d2.number).toBe(2);
    const s2 = [steps[0]!, { title: '佩戴防护', required: true }, ...steps.slice(1)];
    const saved = await as(t, admin).put(`/api/procedures/${pid}/draft`, { steps: s2, version: d2.version });
    const pub = await as(t, admin).post(`/api/procedures/${pid}/draft/publish`, { changeNote: '增加入户防护要求', version: draftOf(saved.json()).version });
    expect(pub.statusCode, pub.body).toBe(200);
    const vs = (pub.json() as Detail).versions;
    expect(vs.map((v) => [v.number, v.status])).toEqual([[2, 'published'], [1, 'superseded']]);
    expect(vs[1]!.changeNote).toBe('首次发布');

    const again = await as(t, grid1).get(`/api/checklists/${run1.id}`);
    expect(again.json().run).toMatchObject({ versionNumber: 1, progress: { total: 3 } });
    const fresh = await as(t, grid1).post('/api/me/checklists', { procedureId: pid, subject: '幸福小区5幢' });
    expect(fresh.json()).toMatchObject({ versionNumber: 2, progress: { total: 4 } });

    const tick = await as(t, grid1).post(`/api/checklists/${run1.id}/steps/1`, { done: true, note: '名单住址一致' });
    expect(tick.statusCode, tick.body).toBe(200);
    expect(tick.json().steps[0]).toMatchObject({ done: true, note: '名单住址一致' });
    expect((await as(t, grid1).post(`/api/checklists/${run1.id}/steps/3`, { done: true, note: '身份证 330902198001011233' })).json().error.details[0].path).toBe('body.note');
    expect((await as(t, grid1).post(`/api/checklists/${run1.id}/steps/9`, { done: true })).statusCode).toBe(400);
    const refused = await as(t, grid1).post(`/api/checklists/${run1.id}/complete`, { version: run1.version });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('steps_missing');
    expect(refused.json().error.details.map((d: { path: string }) => d.path)).toEqual(['steps.2']);
    expect(refused.json().error.message).toContain('查验健康码');
    await as(t, grid1).post(`/api/checklists/${run1.id}/steps/2`, { done: true });
    expect((await as(t, admin).post(`/api/checklists/${run1.id}/complete`, { version: run1.version })).json().error.code).toBe('not_runner'); // the admin oversees it, does not tick it
    const ok = await as(t, grid1).post(`/api/checklists/${run1.id}/complete`, { version: run1.version });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'done', versionNumber: 1, progress: { done: 2, total: 3 } });
    expect((await as(t, grid1).post(`/api/checklists/${run1.id}/complete`, { version: ok.json().version })).json().error.code).toBe('run_closed');
  });

  it('oversight: runs per version, the runs list filtered and audited; the street reads its area', async () => {
    const d = await detail();
    expect(d.versions.map((v) => [v.number, v.runs])).toEqual([[2, { started: 1, completed: 0 }], [1, { started: 1, completed: 1 }]]);
    const list = await as(t, admin).get(`/api/procedures/${pid}/runs?status=done`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((r: Run) => r.id)).toEqual([run1.id]);
    expect(await auditRows(t, { request_id: list.headers['x-request-id'] as string })).toEqual([expect.objectContaining({ action: 'list', object_type: 'procedure_run' })]);
    expect((await as(t, street).get(`/api/procedures/${pid}/runs`)).json().total).toBe(2);
    expect((await as(t, street).get(`/api/procedures/${pid}`)).json().canManage).toBe(false);
    expect((await as(t, grid1).get(`/api/procedures/${pid}/runs`)).statusCode).toBe(403);
    const mine = await as(t, grid1).get('/api/me/checklists');
    expect(mine.json().open).toHaveLength(1);
    expect(mine.json().done).toHaveLength(1);
    expect((await as(t, grid1).get('/api/procedures')).json().items[0]).toMatchObject({ id: pid, current: { number: 2 }, hasDraft: false });
    // The list: who published the current version, and the runs open / done in the caller's area (counts only).
    const adminId = (await t.services.auth.findByUsername('admin'))!.id;
    expect((await as(t, street).get('/api/procedures')).json().items[0]).toMatchObject({ id: pid, current: { number: 2, publishedBy: { id: adminId } }, runs: { open: 1, done: 1 } });
    expect((await as(t, adminB).get('/api/procedures')).json().items).toEqual([]);
  });

  it('scope: another community sees none of it (404), cannot start it, and its filters do not widen', async () => {
    expect((await as(t, adminB).get(`/api/procedures/${pid}`)).statusCode).toBe(404);
    expect((await as(t, adminB).get(`/api/procedures/${pid}/runs`)).statusCode).toBe(404);
    expect((await as(t, adminB).get(`/api/checklists/${run1.id}`)).statusCode).toBe(404);
    expect((await as(t, adminB).put(`/api/procedures/${pid}/draft`, { steps, version: 1 })).statusCode).toBe(404);
    expect((await as(t, adminB).get('/api/procedures')).json().items).toEqual([]);
    const start = await as(t, adminB).post('/api/me/checklists', { procedureId: pid, subject: '某小区' });
    expect(start.statusCode).toBe(400);
    expect(start.json().error.details[0].path).toBe('procedureId');
    const task = await as(t, grid1).post('/api/me/checklists', { procedureId: pid, subject: '幸福小区6幢', taskId: 'no-such-task' });
    expect(task.json().error.details[0].path).toBe('taskId');
  });
});
