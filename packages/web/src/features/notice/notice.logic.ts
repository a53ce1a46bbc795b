import type { Notice, NoticeAck, NoticeDocument } from './api';

/** The notice in the UI language (English for 'en…', otherwise zh-CN). */
export function noticeDocument(notice: Notice, language: string): NoticeDocument {
  return language.startsWith('en') ? notice.content.en : notice.content['zh-CN'];
}

/**
 * Whether to show the notice after login: only to accounts that acknowledge it (residents: notice:ack), not while a
 * one-time password must be replaced, when the current version is not acknowledged and it was not put off this visit.
 */
export function shouldAskForNotice(
  me: { permissions: readonly string[]; mustChangePassword?: boolean },
  ack: NoticeAck | undefined,
  postponed: boolean,
): boolean {
  if (!me.permissions.includes('notice:ack') || me.mustChangePassword) return false;
  return ack !== undefined && !ack.acknowledged && !postponed;
}
