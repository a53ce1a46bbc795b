// The processing notice (个人信息处理规则, PRIV-03, ADR 0029): packages/server/src/modules/privacy/notice.routes.ts.
import { request } from '../../api/client';

export type NoticeField = { label: string; columns: string[] };
export type NoticeGroup = { purpose: string; purposeLabel: string; basis: string; basisLabel: string; items: Array<{ retention: string; fields: NoticeField[] }> };
export type NoticeSection = { id: string; heading: string; paragraphs: string[]; groups?: NoticeGroup[] };
export type NoticeDocument = { title: string; sections: NoticeSection[] };
export type Notice = {
  version: string;
  textVersion: string;
  content: { 'zh-CN': NoticeDocument; en: NoticeDocument };
  emergencyRetentionDays: number;
  /** Emergency periods in force today (public government decisions). */
  emergencies: Array<{ area: string; since: string; legalRef: string }>;
};
export type NoticeAck = { version: string; acknowledged: boolean; acknowledgedAt: string | null };

export const NOTICE_KEY = ['privacy-notice'] as const;
export const NOTICE_ACK_KEY = ['notice-ack'] as const;

/** Public: no login needed. */
export function fetchNotice(signal?: AbortSignal): Promise<Notice> {
  return request('/api/privacy/notice', { signal });
}

export function fetchNoticeAck(signal?: AbortSignal): Promise<NoticeAck> {
  return request('/api/me/notice-ack', { signal });
}

export function acknowledgeNotice(version: string): Promise<NoticeAck> {
  return request('/api/me/notice-ack', { method: 'POST', body: { version } });
}
