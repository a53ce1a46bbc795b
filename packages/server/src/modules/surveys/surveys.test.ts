import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { seedAll } from '../../seed';
import { DEMO_PASSWORD } from '../../seed/foundation';
import { percent } from './index';

type Survey = { id: string; title: string; status: string; anonymous: boolean; resultsPublic: boolean; responses: number; version: number; questions: Array<{ id: string }> };
type Results = {
  responses: number; online: number; paper: number; fewAnswers: boolean;
  questions: Array<{ id: string; answered: number; options?: Array<{ text: string; count: number; percent: number }>; scale?: { counts: number[]; mean: number | null }; texts?: string[] }>;
};

const QUESTIONS = [
  { id: 'stock', kind: 'single', text: '家里是否备有退烧药？', required: true, options: ['有', '没有'] },
  { id: 'needs', kind: 'multiple', text: '最需要哪些帮助？', required: true, options: ['物资配送', '买药就医', '心理疏导'] },
  { id: 'score', kind: 'scale', text: '满意度', required: true, scaleLabels: ['很不满意', '很满意'] },
  { id: 'advice', kind: 'text', text: '建议', required: false },
];

describe('问卷调查 surveys (ADR 0077)', () => {
  let t: TestApp;
  let admin: Session;
  let grid1: Session;
  let street: Session;
  let resident: Session;
  let outsider: Session;
  let surveyId = '';
  const body = (o: Record<string, unknown> = {}) => ({ title: '冬季防疫准备问卷', anonymous: true, resultsPublic: true, questions: QUESTIONS, ...o });

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-12-04T09:00:00+08:00' });
    const fx = await seedScopedFixture(t);
    await t.services.selfReports.linkAccount((await t.services.auth.findByUsername('resident'))!.id, fx.R1.id);
    const other = await t.services.auth.createUser({ username: 'resident_b', displayName: '乙社区居民', role: 'resident', orgId: t.orgs.otherGrids[0]!.id, password: DEMO_PASSWORD });
    await t.services.selfReports.linkAccount(other.id, fx.R3.id);
    [admin, grid1, street, resident, outsider] = await Promise.all(['admin', 'grid1', 'street', 'resident', 'resident_b'].map((u) => t.login(u)));
  });
  afterAll(async () => t?.close());

  const answer = (s: Session, id: string, answers: Record<string, unknown>) => as(t, s).post(`/api/me/surveys/${id}/responses`, { answers });
  const results = async (s: Session, id: string) => {
    const r = await as(t, s).get(`/api/surveys/${id}/results`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as Results;
  };

  it('percent keeps two decimals as the thesis reports (17 of 38 = 44.74)', () => {
    expect([percent(17, 38), percent(14, 38), percent(7, 38), percent(33, 38), percent(5, 38), percent(1, 0)]).toEqual([44.74, 36.84, 18.42, 86.84, 13.16, 0]);
  });

  it('a community admin writes a draft; bad questions are refused naming the field; a draft is changed with its version', async () => {
    const field = async (b: Record<string, unknown>, path: string) => {
      const r = await as(t, admin).post('/api/surveys', b);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error.details[0].path).toBe(path);
    };
    await field(body({ questions: [{ ...QUESTIONS[0], options: ['只有一个'] }] }), 'questions.0.options');
    await field(body({ questions: [QUESTIONS[0], { ...QUESTIONS[2], scaleLabels: undefined }] }), 'questions.1.scaleLabels');
    await field(body({ questions: [QUESTIONS[0], { ...QUESTIONS[1], id: 'stock' }] }), 'questions.1.id');
    await field(body({ title: '请联系 13812345678' }), 'body.title');
    await field(body({ closesAt: '2026-12-01T00:00:00+08:00' }), 'closesAt');
    await field(body({ questions: [{ ...QUESTIONS[0], id: 'Q 1' }] }), 'body.questions.0.id');
    expect((await as(t, grid1).post('/api/surveys', body())).statusCode).toBe(403);
    const r = await as(t, admin).post('/api/surveys', body());
    expect(r.statusCode, r.body).toBe(201);
    surveyId = r.json().id;
    expect(r.json()).toMatchObject({ status: 'draft', anonymous: true, responses: 0, version: 1, orgId: t.orgs.community.id });
    const u = await as(t, admin).post(`/api/surveys/${surveyId}/update`, { ...body({ title: '2026年冬季防疫准备问卷' }), version: 1 });
    expect(u.statusCode, u.body).toBe(200);
    expect(u.json()).toMatchObject({ title: '2026年冬季防疫准备问卷', version: 2 });
    expect((await as(t, admin).post(`/api/surveys/${surveyId}/update`, { ...body(), version: 1 })).json().error.code).toBe('stale_version');
    // Another org's drafts are not listed nor opened; a resident does not see a draft.
    expect((await as(t, street).get('/api/surveys')).json().items.map((s: Survey) => s.id)).not.toContain(surveyId);
    expect((await as(t, street).get(`/api/surveys/${surveyId}`)).statusCode).toBe(404);
    expect((await as(t, resident).get('/api/me/surveys')).json().items).toEqual([]);
  });

  it('published, its questions no longer change; residents of the area see it, others do not', async () => {
    const o = await as(t, admin).post(`/api/surveys/${surveyId}/open`, { version: 2 });
    expect(o.statusCode, o.body).toBe(200);
    expect(o.json()).toMatchObject({ status: 'open', version: 3 });
    expect((await as(t, admin).post(`/api/surveys/${surveyId}/update`, { ...body(), version: 3 })).json().error.code).toBe('not_draft');
    expect((await as(t, admin).post(`/api/surveys/${surveyId}/delete`, { version: 3 })).json().error.code).toBe('not_draft');
    const mine = (await as(t, resident).get('/api/me/surveys')).json().items;
    expect(mine).toMatchObject([{ id: surveyId, answered: false, anonymous: true, status: 'open' }]);
    expect(mine[0].responses).toBeUndefined();
    expect((await as(t, outsider).get('/api/me/surveys')).json().items).toEqual([]);
    expect((await answer(outsider, surveyId, { stock: '有', needs: ['物资配送'], score: 3 })).statusCode).toBe(404);
    // The street sees the community's open survey (read-only).
    expect((await as(t, street).get(`/api/surveys/${surveyId}`)).statusCode).toBe(200);
  });

  it('a resident answers once; each wrong answer names the question; an anonymous answer keeps no link to the account', async () => {
    const bad = async (answers: Record<string, unknown>, path: string) => {
      const r = await answer(resident, surveyId, answers);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error.details[0].path).toBe(path);
    };
    await bad({ stock: '有', needs: ['物资配送'], score: 3, nope: 'x' }, 'answers.nope');
    await bad({ needs: ['物资配送'], score: 3 }, 'answers.stock');
    await bad({ stock: '也许', needs: ['物资配送'], score: 3 }, 'answers.stock');
    await bad({ stock: '有', needs: ['物资配送', '物资配送'], score: 3 }, 'answers.needs');
    await bad({ stock: '有', needs: ['物资配送'], score: 6 }, 'answers.score');
    await bad({ stock: '有', needs: ['物资配送'], score: 3, advice: '长'.repeat(501) }, 'answers.advice');
    const ok = await answer(resident, surveyId, { stock: '没有', needs: ['物资配送', '买药就医'], score: 4, advice: '  希望多办几次演练 ' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await answer(resident, surveyId, { stock: '有', needs: ['心理疏导'], score: 2 })).json().error.code).toBe('already_answered');
    expect((await as(t, resident).get('/api/me/surveys')).json().items[0].answered).toBe(true);
    const db = t.platform.database.db;
    const rows = await db.selectFrom('survey_responses').selectAll().where('survey_id', '=', surveyId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: 'online', user_id: null, created_at: null, given_on: '2026-12-04' });
    expect(String(rows[0]!.id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(JSON.parse(String(rows[0]!.answers))).toEqual({ stock: '没有', needs: ['物资配送', '买药就医'], score: 4, advice: '希望多办几次演练' });
    const who = await db.selectFrom('survey_participants').selectAll().where('survey_id', '=', surveyId).execute();
    expect(who).toEqual([{ survey_id: surveyId, user_id: resident.userId }]);
    const [audit] = await auditRows(t, { action: 'survey_response', object_id: surveyId });
    expect(audit).toMatchObject({ actor_id: resident.userId, object_type: 'survey', outcome: 'success' });
  });

  it('workers type in paper forms; the results count and share per option, the scale’s mean, the written answers', async () => {
    expect((await as(t, await t.login('collector')).post(`/api/surveys/${surveyId}/paper`, { answers: { stock: '有', needs: ['心理疏导'], score: 5 } })).statusCode).toBe(403);
    const p1 = await as(t, grid1).post(`/api/surveys/${surveyId}/paper`, { answers: { stock: '有', needs: ['心理疏导', '物资配送'], score: 5 } });
    expect(p1.statusCode, p1.body).toBe(201);
    expect(p1.json().paper).toBe(1);
    expect((await as(t, grid1).post(`/api/surveys/${surveyId}/paper`, { answers: { stock: '有', needs: [], score: 2 } })).json().error.details[0].path).toBe('answers.needs');
    expect((await as(t, admin).post(`/api/surveys/${surveyId}/paper`, { answers: { stock: '有', needs: ['买药就医'], score: 3 } })).json().paper).toBe(2);
    const r = await results(street, surveyId);
    expect(r).toMatchObject({ responses: 3, online: 1, paper: 2, fewAnswers: true });
    const q = Object.fromEntries(r.questions.map((x) => [x.id, x]));
    expect(q.stock!.options).toEqual([{ text: '有', count: 2, percent: 66.67 }, { text: '没有', count: 1, percent: 33.33 }]);
    expect(q.needs!.options!.map((o) => o.count)).toEqual([2, 2, 1]);
    expect(q.score!.scale).toMatchObject({ counts: [0, 0, 1, 1, 1], mean: 4 });
    expect(q.advice).toMatchObject({ answered: 1, texts: ['希望多办几次演练'] });
    // The resident sees the results (public, answered); a survey whose results are not public does not show them.
    expect((await as(t, resident).get(`/api/me/surveys/${surveyId}/results`)).json().responses).toBe(3);
  });

  it('a named survey keeps the account; results not public stay with staff; a closed or lapsed survey takes no answers', async () => {
    const named = (await as(t, admin).post('/api/surveys', body({ title: '志愿者意向登记', anonymous: false, resultsPublic: false, closesAt: '2026-12-05T09:00:00+08:00' }))).json();
    await as(t, admin).post(`/api/surveys/${named.id}/open`, { version: 1 });
    expect((await answer(resident, named.id, { stock: '有', needs: ['心理疏导'], score: 5 })).statusCode).toBe(201);
    const row = await t.platform.database.db.selectFrom('survey_responses').select(['user_id', 'created_at']).where('survey_id', '=', named.id).executeTakeFirstOrThrow();
    expect(row.user_id).toBe(resident.userId);
    expect(row.created_at).not.toBeNull();
    const hidden = await as(t, resident).get(`/api/me/surveys/${named.id}/results`);
    expect(hidden.statusCode).toBe(403);
    expect(hidden.json().error.code).toBe('results_not_public');
    // The closing time passes: it reads as closed and takes no answers (nor paper forms).
    t.clock.advance(25 * 3_600_000);
    [admin, grid1] = await Promise.all(['admin', 'grid1'].map((u) => t.login(u)));
    expect((await as(t, admin).get(`/api/surveys/${named.id}`)).json().status).toBe('closed');
    expect((await as(t, grid1).post(`/api/surveys/${named.id}/paper`, { answers: { stock: '有', needs: ['心理疏导'], score: 5 } })).json().error.code).toBe('survey_closed');
    expect((await as(t, admin).get('/api/surveys?status=closed')).json().items.map((s: Survey) => s.id)).toEqual([named.id]);
    const c = await as(t, admin).post(`/api/surveys/${surveyId}/close`, { version: 3 });
    expect(c.statusCode, c.body).toBe(200);
    resident = await t.login('resident');
    expect((await answer(resident, surveyId, { stock: '有', needs: ['心理疏导'], score: 5 })).json().error.code).toBe('survey_closed');
    // Closed with public results and answered: still on the resident's list (30 days).
    expect((await as(t, resident).get('/api/me/surveys')).json().items.map((s: Survey) => s.id)).toEqual([surveyId]);
  });
});

describe('问卷调查 in the demo community', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: new Date().toISOString() });
    await seedAll(t, t.platform, { demo: true });
  }, 120_000);
  afterAll(async () => t?.close());

  it('has the thesis’s questionnaire with its published figures and an open survey the demo resident can answer', async () => {
    const admin = await t.login('admin');
    const list = (await as(t, admin).get('/api/surveys')).json().items as Survey[];
    const thesis = list.find((s) => s.title === 'A社区疫情防控韧性治理居民问卷（2022）')!;
    expect(thesis).toMatchObject({ status: 'closed', responses: 38, anonymous: true });
    const r = (await as(t, admin).get(`/api/surveys/${thesis.id}/results`)).json() as Results;
    expect(r.questions[0]!.options!.map((o) => o.percent)).toEqual([18.42, 44.74, 36.84]);
    expect(r.questions[1]!.options!.map((o) => o.percent)).toEqual([13.16, 86.84]);
    const mine = (await as(t, await t.login('resident')).get('/api/me/surveys')).json().items as Array<Survey & { answered: boolean }>;
    expect(mine.map((s) => [s.title, s.answered])).toEqual([['2026年冬季防疫与应急准备居民问卷', false]]);
    await seedAll(t, t.platform, { demo: true });
    expect((await as(t, admin).get('/api/surveys')).json().total).toBe(2);
  }, 60_000);
});
