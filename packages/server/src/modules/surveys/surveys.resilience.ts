import type { Platform } from '../../platform/context';
import { FEW_ANSWERS, type Answers, type Question } from './surveys.service';

/**
 * Read-only figures for the resilience scorecard (ADR 0092): the area's most recently closed survey (closed in the
 * `days` before `asOf`) with at least FEW_ANSWERS answers, and per single-choice question the share of answers giving
 * its first option (the convention: a resilience question lists its positive answer first, as the thesis's survey
 * does), per scale question the mean score mapped to 0–100 %.
 */
export async function surveyResilienceFigures(database: Platform['database'], orgPath: string, asOf: Date, days: number) {
  const { db, codec } = database;
  const surveys = await db.selectFrom('surveys').select(['id', 'title', 'questions', 'closed_at']).where('org_path', 'like', `${orgPath}%`).where('status', '=', 'closed')
    .where('closed_at', '>=', codec.ts(new Date(asOf.getTime() - days * 86_400_000))).where('closed_at', '<=', codec.ts(asOf)).orderBy('closed_at', 'desc').orderBy('id', 'desc').limit(20).execute();
  for (const s of surveys) {
    const answers = (await db.selectFrom('survey_responses').select('answers').where('survey_id', '=', String(s.id)).execute()).map((r) => codec.readJson<Answers>(r.answers));
    if (answers.length < FEW_ANSWERS) continue;
    const questions = (codec.readJson<Question[]>(s.questions) ?? []).filter((q) => q.kind === 'single' || q.kind === 'scale');
    if (!questions.length) continue;
    const shares = questions.map((q) => {
      const given = answers.map((a) => a[q.id]).filter((v) => v !== undefined && v !== null && v !== '');
      const share = !given.length ? 0 : q.kind === 'single'
        ? given.filter((v) => v === q.options?.[0]).length / given.length
        : given.reduce<number>((sum, v) => sum + (Number(v) - 1) / 4, 0) / given.length;
      return { question: q.text, positive: q.kind === 'single' ? q.options?.[0] ?? '' : '', answers: given.length, share: Math.round(share * 1000) / 10 };
    });
    return { survey: { id: String(s.id), title: String(s.title), closedAt: codec.readTs(s.closed_at)! }, answers: answers.length, shares };
  }
  return null;
}
