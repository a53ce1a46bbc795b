// What the bell says of 排查 (ADR 0083), from the payload the server stored — the list's id, how many entries (its title
// when given);
// never a name — and where it leads: entries reaching a grid (screening_assigned, to its workers) open 我的排查任务; the
// last entry of a list done (screening_done, to the importer) opens that list, where the receipt is.
import type { TFunction } from 'i18next';

export const SCREENING_NOTIFICATION_KINDS = ['screening_assigned', 'screening_done'] as const;
export const SCREENING_PATH = '/screening';
export const SCREENING_MINE_PATH = '/screening/mine';

type Subject = { type: string; id: string } | null | undefined;

const count = (v: unknown): number | null => {
  const n = Number(v);
  return v !== undefined && v !== null && v !== '' && Number.isInteger(n) && n > 0 ? n : null;
};
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** 第3批密接名单：有 2 人需要您上门核查 / …：全部核查完毕，可以下载回执 (a plain line when the payload lacks the title). */
export function screeningNotice(kind: string, d: Record<string, unknown>, t: TFunction): string {
  const title = text(d.title);
  if (kind === 'screening_assigned') {
    const n = count(d.count ?? d.entries ?? d.n);
    if (title && n) return t('screening.bell.assigned', { title, n });
    return n ? t('screening.bell.assignedCount', { n }) : t('screening.bell.assignedPlain');
  }
  if (kind === 'screening_done') return title ? t('screening.bell.done', { title }) : t('screening.bell.donePlain');
  return kind;
}

/** Assigned: the worker's list; done: the list named by the payload (or the subject), else the lists. */
export function screeningNoticeLink(kind: string, d: Record<string, unknown>, subject?: Subject): string {
  if (kind === 'screening_assigned') return SCREENING_MINE_PATH;
  const listId = text(d.listId) || (subject?.type === 'screening_list' ? subject.id : '');
  return listId ? `${SCREENING_PATH}/lists/${encodeURIComponent(listId)}` : SCREENING_PATH;
}
