import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { appTranslations } from '../i18n/test-t';
import { queueEmptyText, type QueueEmpty } from './request-queue.logic';

let zh: TFunction;
let english: TFunction;
beforeAll(async () => {
  ({ zh, en: english } = await appTranslations());
});

// The three staff queues: their namespace, the status they open on, another status and its key.
const QUEUES = [
  { ns: 'corrections.staff', first: 'open', other: 'corrections.statuses.rejected' },
  { ns: 'deletions.staff', first: 'open', other: 'deletions.statuses.rejected' },
  { ns: 'minors.page', first: 'pending', other: 'minors.statuses.rejected' },
] as const;

describe('an empty request queue (corrections, deletions, minors: one wording)', () => {
  for (const lang of ['zh', 'en'] as const) {
    for (const q of QUEUES) {
      it(`${q.ns} in ${lang}: nothing waiting, nothing under a named status, nothing at all`, () => {
        const t = (k: string, o?: Record<string, string>): string => String((lang === 'zh' ? zh : english)(k as never, o as never));
        const empty: QueueEmpty = { waiting: t(`${q.ns}.empty`), status: (label) => t(`${q.ns}.emptyStatus`, { status: label }), all: t(`${q.ns}.emptyAll`) };
        const label = (s: string) => t(s === q.first ? 'x' : q.other);
        const waiting = queueEmptyText(empty, q.first, q.first, label);
        const other = queueEmptyText(empty, 'rejected', q.first, label);
        const all = queueEmptyText(empty, 'all', q.first, label);
        for (const text of [waiting, other, all]) expect(text).not.toMatch(/\.|\{\{/); // a key or an unfilled placeholder
        expect(new Set([waiting, other, all]).size).toBe(3);
        expect(other).toContain(t(q.other));
        // 全部 never speaks of one status.
        expect(all).not.toContain(t(q.other));
        expect(all).not.toMatch(/status|状态/i);
      });
    }
  }
});
