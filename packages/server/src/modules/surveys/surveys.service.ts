import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuthService } from '../auth';
import { inAreaOrAbove, pathsUp, seesPath, type OrgsService } from '../orgs';

/** 问卷调查 (ADR 0077). */
export const QUESTION_KINDS = ['single', 'multiple', 'scale', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export type Question = { id: string; kind: QuestionKind; text: string; required: boolean; options?: string[]; scaleLabels?: [string, string] };
export type SurveyBody = { title: string; description?: string; anonymous: boolean; resultsPublic: boolean; closesAt?: string; questions: Question[] };
export type Answers = Record<string, string | string[] | number>;
export const TEXT_ANSWER_MAX = 500;
/** Fewer answers than this and the page warns that percentages say little. */
export const FEW_ANSWERS = 5;
const DAY = 86_400_000;

export type SurveyDeps = {
  platform: Platform; orgs: OrgsService; accounts: Pick<AuthService, 'userLabels'>;
  /** The grid path of the household of the resident linked to a resident account, or null. */
  residentAreaOfAccount: (userId: string) => Promise<string | null>;
};

/** Two decimals of a share, as the thesis reports them (17 of 38 = 44.74). */
export const percent = (count: number, of: number) => (of > 0 ? Math.round((count / of) * 10_000) / 100 : 0);

/** Question ids unique, options and labels where the kind needs them: field errors name `questions.<i>.<field>`. */
export function checkQuestions(questions: Question[]) {
  const seen = new Set<string>();
  questions.forEach((q, i) => {
    if (seen.has(q.id)) throw errors.field(`questions.${i}.id`, 'duplicate', '题目编号重复', 'question ids must be unique');
    seen.add(q.id);
    if (q.kind === 'single' || q.kind === 'multiple') {
      const opts = q.options ?? [];
      if (opts.length < 2 || opts.length > 10) throw errors.field(`questions.${i}.options`, 'count', '选择题需要 2–10 个选项', 'a choice question needs 2–10 options');
      if (new Set(opts).size !== opts.length) throw errors.field(`questions.${i}.options`, 'duplicate', '选项不能重复', 'options must differ');
    } else if (q.options?.length) {
      throw errors.field(`questions.${i}.options`, 'not_allowed', '只有选择题有选项', 'only choice questions have options');
    }
    if (q.kind === 'scale' && !q.scaleLabels) throw errors.field(`questions.${i}.scaleLabels`, 'required', '请填写打分两端的说明，如“很不满意”“很满意”', 'give the labels of both ends');
  });
}

/** An answer sheet checked against the questions: `answers.<questionId>` names what is wrong. */
export function checkAnswers(questions: Question[], answers: Answers): Answers {
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const k of Object.keys(answers)) {
    if (!byId.has(k)) throw errors.field(`answers.${k}`, 'unknown', '没有这道题', 'no such question');
  }
  const out: Answers = {};
  for (const q of questions) {
    const a = answers[q.id];
    const path = `answers.${q.id}`;
    const empty = a === undefined || a === '' || (Array.isArray(a) && a.length === 0);
    if (empty) {
      if (q.required) throw errors.field(path, 'required', '这道题必答', 'this question must be answered');
      continue;
    }
    if (q.kind === 'single') {
      if (typeof a !== 'string' || !q.options!.includes(a)) throw errors.field(path, 'invalid_option', '请从选项中选择一项', 'choose one of the options');
    } else if (q.kind === 'multiple') {
      if (!Array.isArray(a) || a.some((x) => !q.options!.includes(x)) || new Set(a).size !== a.length) {
        throw errors.field(path, 'invalid_option', '请从选项中选择（可多选）', 'choose among the options');
      }
    } else if (q.kind === 'scale') {
      if (typeof a !== 'number' || !Number.isInteger(a) || a < 1 || a > 5) throw errors.field(path, 'invalid_scale', '请打 1–5 分', 'give a score from 1 to 5');
    } else {
      if (typeof a !== 'string') throw errors.field(path, 'invalid_type', '请填写文字', 'write text');
      if (a.length > TEXT_ANSWER_MAX) throw errors.field(path, 'too_long', `不能超过 ${TEXT_ANSWER_MAX} 个字`, `at most ${TEXT_ANSWER_MAX} characters`);
    }
    out[q.id] = typeof a === 'string' ? a.trim() : a;
  }
  return out;
}

export function createSurveys(deps: SurveyDeps) {
  const { database, clock } = deps.platform;
  const { db, codec } = database;

  const COLUMNS = ['id', 'org_id', 'org_path', 'title', 'description', 'anonymous', 'results_public', 'questions', 'status', 'opened_at', 'closes_at', 'closed_at',
    'created_by', 'created_at', 'version'] as const;

  /** open past its closing time reads as closed. */
  const statusOf = (r: Record<string, unknown>, now = clock.now().getTime()) =>
    r.status === 'open' && r.closes_at && new Date(codec.readTs(r.closes_at)!).getTime() <= now ? 'closed' : String(r.status) as 'draft' | 'open' | 'closed';

  async function views(rows: Array<Record<string, unknown>>) {
    const ids = rows.map((r) => String(r.id));
    const [counts, orgNames, users] = await Promise.all([
      ids.length ? db.selectFrom('survey_responses').select(['survey_id', (eb) => eb.fn.countAll().as('n')]).where('survey_id', 'in', ids).groupBy('survey_id').execute() : [],
      deps.orgs.names([...new Set(rows.map((r) => String(r.org_id)))]),
      deps.accounts.userLabels([...new Set(rows.map((r) => String(r.created_by)))]),
    ]);
    const n = new Map(counts.map((c) => [String(c.survey_id), codec.readInt(c.n)]));
    return rows.map((r) => ({
      id: String(r.id), orgId: String(r.org_id), orgName: orgNames.get(String(r.org_id)) ?? '', title: String(r.title), description: (r.description as string | null) ?? null,
      anonymous: codec.readBool(r.anonymous), resultsPublic: codec.readBool(r.results_public), questions: codec.readJson<Question[]>(r.questions) ?? [],
      status: statusOf(r), openedAt: codec.readTs(r.opened_at), closesAt: codec.readTs(r.closes_at), closedAt: codec.readTs(r.closed_at),
      responses: n.get(String(r.id)) ?? 0, createdBy: { id: String(r.created_by), name: users.get(String(r.created_by)) ?? '' }, createdAt: codec.readTs(r.created_at)!,
      version: codec.readInt(r.version),
    }));
  }
  type SurveyView = Awaited<ReturnType<typeof views>>[number];

  const sees = (p: Principal, path: string) => seesPath(p.orgPath, path);

  async function visible(p: Principal, id: string) {
    const r = await db.selectFrom('surveys').select([...COLUMNS]).where('id', '=', id).executeTakeFirst();
    if (!r || !sees(p, String(r.org_path))) throw errors.notFound('问卷', 'Survey');
    return r as Record<string, unknown>;
  }

  /** A survey of the caller's own org (the one they manage), or 404/403. */
  async function own(p: Principal, id: string) {
    const r = await visible(p, id);
    if (String(r.org_path) !== p.orgPath) throw new AppError(403, 'not_your_survey', '只有发起单位可以修改这份问卷', 'Only the organisation that made this survey can change it');
    return r;
  }

  const stale = (v: unknown) => errors.stale(codec.readInt(v));

  async function versioned(trx: Transaction<any>, id: string, version: number, set: Record<string, unknown>, where: (q: any) => any = (q) => q) {
    const res = await where(trx.updateTable('surveys').set({ ...set, version: version + 1 }).where('id', '=', id).where('version', '=', version)).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      const cur = await trx.selectFrom('surveys').select('version').where('id', '=', id).executeTakeFirst();
      throw stale(cur?.version);
    }
  }

  function closesAtOf(b: SurveyBody) {
    if (!b.closesAt) return null;
    const t = Date.parse(b.closesAt);
    if (t <= clock.now().getTime()) throw errors.field('closesAt', 'past', '截止时间须在将来', 'must be in the future');
    return new Date(t);
  }

  /** The tallies of a survey's answers (figures only). */
  async function results(row: Record<string, unknown>) {
    const questions = codec.readJson<Question[]>(row.questions) ?? [];
    const anonymous = codec.readBool(row.anonymous);
    const rows = await db.selectFrom('survey_responses').select(['id', 'channel', 'answers', 'created_at']).where('survey_id', '=', String(row.id))
      .orderBy(anonymous ? 'id' : 'created_at', anonymous ? 'asc' : 'desc').orderBy('id').execute();
    const sheets = rows.map((r) => codec.readJson<Answers>(r.answers) ?? {});
    const online = rows.filter((r) => r.channel === 'online').length;
    return {
      surveyId: String(row.id), responses: rows.length, online, paper: rows.length - online, fewAnswers: rows.length < FEW_ANSWERS,
      questions: questions.map((q) => {
        const given = sheets.map((s) => s[q.id]).filter((a) => a !== undefined);
        const base = { id: q.id, kind: q.kind, text: q.text, answered: given.length };
        if (q.kind === 'single' || q.kind === 'multiple') {
          return { ...base, options: q.options!.map((o) => {
            const count = given.filter((a) => (Array.isArray(a) ? a.includes(o) : a === o)).length;
            return { text: o, count, percent: percent(count, given.length) };
          }) };
        }
        if (q.kind === 'scale') {
          const counts = [0, 0, 0, 0, 0];
          let sum = 0;
          for (const a of given) { counts[Number(a) - 1]!++; sum += Number(a); }
          return { ...base, scale: { counts, mean: given.length ? Math.round((sum / given.length) * 100) / 100 : null, labels: q.scaleLabels ?? null } };
        }
        return { ...base, texts: given.map(String) };
      }),
    };
  }

  return {
    async create(p: Principal, b: SurveyBody) {
      checkQuestions(b.questions);
      const closes = closesAtOf(b);
      const now = clock.now();
      const id = uuidv7(now.getTime());
      return {
        id,
        async write(trx: Transaction<any>) {
          await trx.insertInto('surveys').values({
            id, org_id: p.orgId, org_path: p.orgPath, title: b.title, description: b.description || null, anonymous: codec.bool(b.anonymous),
            results_public: codec.bool(b.resultsPublic), questions: codec.json(b.questions), status: 'draft', opened_at: null, closes_at: closes ? codec.ts(closes) : null,
            closed_at: null, closed_by: null, created_by: p.id, created_at: codec.ts(now), version: 1,
          }).execute();
        },
      };
    },

    async update(p: Principal, id: string, b: SurveyBody & { version: number }) {
      const r = await own(p, id);
      if (r.status !== 'draft') throw errors.conflict('not_draft', '问卷已发布，题目不能再修改', 'The survey has been published; its questions cannot change');
      checkQuestions(b.questions);
      const closes = closesAtOf(b);
      return {
        async write(trx: Transaction<any>) {
          await versioned(trx, id, b.version, {
            title: b.title, description: b.description || null, anonymous: codec.bool(b.anonymous), results_public: codec.bool(b.resultsPublic),
            questions: codec.json(b.questions), closes_at: closes ? codec.ts(closes) : null,
          }, (q) => q.where('status', '=', 'draft'));
        },
      };
    },

    async open(p: Principal, id: string, version: number) {
      const r = await own(p, id);
      if (r.status !== 'draft') throw errors.conflict('not_draft', '这份问卷已经发布过了', 'This survey has already been published');
      if (r.closes_at && new Date(codec.readTs(r.closes_at)!).getTime() <= clock.now().getTime()) {
        throw errors.field('closesAt', 'past', '截止时间已过，请先修改截止时间', 'the closing time has passed; change it first');
      }
      const now = clock.now();
      return { write: (trx: Transaction<any>) => versioned(trx, id, version, { status: 'open', opened_at: codec.ts(now) }, (q) => q.where('status', '=', 'draft')) };
    },

    async close(p: Principal, id: string, version: number) {
      const r = await own(p, id);
      if (statusOf(r) !== 'open') throw errors.conflict('not_open', '这份问卷不在进行中', 'This survey is not open');
      const now = clock.now();
      return { write: (trx: Transaction<any>) => versioned(trx, id, version, { status: 'closed', closed_at: codec.ts(now), closed_by: p.id }, (q) => q.where('status', '=', 'open')) };
    },

    async remove(p: Principal, id: string, version: number) {
      const r = await own(p, id);
      if (r.status !== 'draft') throw errors.conflict('not_draft', '已发布的问卷不能删除，可以结束它', 'A published survey cannot be deleted; close it instead');
      return {
        async write(trx: Transaction<any>) {
          const res = await trx.deleteFrom('surveys').where('id', '=', id).where('version', '=', version).where('status', '=', 'draft').executeTakeFirst();
          if (Number(res.numDeletedRows) !== 1) throw stale(r.version);
        },
      };
    },

    async list(p: Principal, f: { status?: 'draft' | 'open' | 'closed'; page: number; pageSize: number }) {
      const now = codec.ts(clock.now());
      let q = db.selectFrom('surveys as s').where(inAreaOrAbove('s', p.orgPath));
      // Others' drafts are not theirs to see.
      q = q.where((eb) => eb.or([eb('s.status', '!=', 'draft'), eb('s.org_path', '=', p.orgPath)]));
      if (f.status === 'draft') q = q.where('s.status', '=', 'draft');
      if (f.status === 'open') q = q.where('s.status', '=', 'open').where((eb) => eb.or([eb('s.closes_at', 'is', null), eb('s.closes_at', '>', now)]));
      if (f.status === 'closed') q = q.where((eb) => eb.or([eb('s.status', '=', 'closed'), eb.and([eb('s.status', '=', 'open'), eb('s.closes_at', '<=', now)])]));
      const total = codec.readInt((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await q.select(COLUMNS.map((c) => `s.${c}` as const)).orderBy('s.created_at', 'desc').orderBy('s.id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
      return { items: await views(rows as Array<Record<string, unknown>>), total, page: f.page, pageSize: f.pageSize };
    },

    async get(p: Principal, id: string): Promise<SurveyView> {
      const r = await visible(p, id);
      if (r.status === 'draft' && String(r.org_path) !== p.orgPath) throw errors.notFound('问卷', 'Survey');
      return (await views([r]))[0]!;
    },

    async results(p: Principal, id: string) {
      const r = await visible(p, id);
      if (r.status === 'draft' && String(r.org_path) !== p.orgPath) throw errors.notFound('问卷', 'Survey');
      return results(r);
    },

    /** 纸质问卷录入: a worker types a paper form in (no participant; an anonymous survey's keeps no one). */
    async paper(p: Principal, id: string, answers: Answers) {
      const r = await visible(p, id);
      if (statusOf(r) !== 'open') throw errors.conflict('survey_closed', '这份问卷不在进行中，不能录入', 'This survey is not open');
      const sheet = checkAnswers(codec.readJson<Question[]>(r.questions) ?? [], answers);
      const now = clock.now();
      const rid = crypto.randomUUID();
      const anonymous = codec.readBool(r.anonymous);
      return {
        id: rid,
        async write(trx: Transaction<any>) {
          await trx.insertInto('survey_responses').values({
            id: rid, survey_id: id, channel: 'paper', user_id: null, entered_by: p.id, answers: codec.json(sheet), given_on: dateOf(now), created_at: anonymous ? null : codec.ts(now),
          }).execute();
        },
        async count(trx: Transaction<any>) {
          return codec.readInt((await trx.selectFrom('survey_responses').select((eb) => eb.fn.countAll().as('n')).where('survey_id', '=', id).where('channel', '=', 'paper').executeTakeFirstOrThrow()).n);
        },
      };
    },

    // ----- residents ---------------------------------------------------------------------------------------------

    async mine(p: Principal) {
      const area = await deps.residentAreaOfAccount(p.id);
      if (!area) return [];
      const now = clock.now().getTime();
      const rows = await db.selectFrom('surveys').select([...COLUMNS]).where('org_path', 'in', pathsUp(area)).where('status', '!=', 'draft')
        .orderBy('opened_at', 'desc').execute() as Array<Record<string, unknown>>;
      const answered = new Set((rows.length ? await db.selectFrom('survey_participants').select('survey_id').where('user_id', '=', p.id)
        .where('survey_id', 'in', rows.map((r) => String(r.id))).execute() : []).map((r) => String(r.survey_id)));
      const keep = rows.filter((r) => {
        const s = statusOf(r, now);
        if (s === 'open') return true;
        const ended = new Date(codec.readTs(r.closed_at) ?? codec.readTs(r.closes_at)!).getTime();
        return codec.readBool(r.results_public) && answered.has(String(r.id)) && now - ended < 30 * DAY;
      });
      const vs = await views(keep);
      return vs.map(({ responses: _r, createdBy: _c, version: _v, ...v }) => ({ ...v, answered: answered.has(v.id) }));
    },

    async respond(p: Principal, id: string, answers: Answers) {
      const area = await deps.residentAreaOfAccount(p.id);
      const r = area ? await db.selectFrom('surveys').select([...COLUMNS]).where('id', '=', id).executeTakeFirst() as Record<string, unknown> | undefined : undefined;
      if (!r || r.status === 'draft' || !pathsUp(area!).includes(String(r.org_path))) throw errors.notFound('问卷', 'Survey');
      if (statusOf(r) !== 'open') throw errors.conflict('survey_closed', '这份问卷已经结束了', 'This survey has ended');
      const sheet = checkAnswers(codec.readJson<Question[]>(r.questions) ?? [], answers);
      const anonymous = codec.readBool(r.anonymous);
      const now = clock.now();
      return {
        anonymous,
        async write(trx: Transaction<any>) {
          const done = await trx.selectFrom('survey_participants').select('user_id').where('survey_id', '=', id).where('user_id', '=', p.id).executeTakeFirst();
          if (done) throw errors.conflict('already_answered', '您已经填写过这份问卷了', 'You have already answered this survey');
          const still = await trx.selectFrom('surveys').select(['status', 'closes_at']).where('id', '=', id).executeTakeFirstOrThrow();
          if (statusOf(still as Record<string, unknown>, now.getTime()) !== 'open') throw errors.conflict('survey_closed', '这份问卷已经结束了', 'This survey has ended');
          await trx.insertInto('survey_participants').values({ survey_id: id, user_id: p.id }).execute();
          // Anonymous: no user, the date only, a random id — nothing ties this row to the participant row above.
          await trx.insertInto('survey_responses').values({
            id: crypto.randomUUID(), survey_id: id, channel: 'online', user_id: anonymous ? null : p.id, entered_by: null, answers: codec.json(sheet),
            given_on: dateOf(now), created_at: anonymous ? null : codec.ts(now),
          }).execute();
        },
      };
    },

    async myResults(p: Principal, id: string) {
      const area = await deps.residentAreaOfAccount(p.id);
      const r = area ? await db.selectFrom('surveys').select([...COLUMNS]).where('id', '=', id).executeTakeFirst() as Record<string, unknown> | undefined : undefined;
      if (!r || r.status === 'draft' || !pathsUp(area!).includes(String(r.org_path))) throw errors.notFound('问卷', 'Survey');
      const answered = !!(await db.selectFrom('survey_participants').select('user_id').where('survey_id', '=', id).where('user_id', '=', p.id).executeTakeFirst());
      if (!codec.readBool(r.results_public) || !(answered || statusOf(r) === 'closed')) {
        throw new AppError(403, 'results_not_public', '这份问卷的结果不公开，或请先填写', 'The results of this survey are not public, or answer it first');
      }
      return results(r);
    },

    async view(p: Principal, id: string) {
      return (await views([await visible(p, id)]))[0]!;
    },
  };

  /** The day in China (UTC+8) an answer was given: an anonymous answer keeps nothing finer. */
  function dateOf(d: Date) {
    return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  }
}
export type Surveys = ReturnType<typeof createSurveys>;
