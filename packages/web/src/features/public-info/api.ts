// The API of 政务公开与群众监督 (ADR 0086): announcements written by community, street and district staff
// (announcement:write), read on public pages and feeds without login; complaints submitted by anyone (a public form) or
// a signed-in resident, tracked by ticket and code, triaged by staff (complaint:read / complaint:handle).
import { request } from '../../api/client';

export const ANNOUNCEMENT_CATEGORIES = ['notice', 'policy', 'science', 'news'] as const;
export type AnnouncementCategory = (typeof ANNOUNCEMENT_CATEGORIES)[number];
export const ANNOUNCEMENT_STATUSES = ['draft', 'scheduled', 'published', 'withdrawn'] as const;
export type AnnouncementStatus = (typeof ANNOUNCEMENT_STATUSES)[number];
export const COMPLAINT_CATEGORIES = ['fire_lane', 'misconduct', 'privacy_leak', 'supplies', 'sanitation', 'other'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export const COMPLAINT_STATUSES = ['new', 'accepted', 'resolved', 'rejected'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const PRIORITIES = ['normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** As the server (public-info routes). */
export const TITLE_MAX = 80;
export const BODY_MAX = 20_000;
export const PLACE_MAX = 80;
export const DESCRIPTION_MAX = 500;
export const REPLY_MAX = 500;
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;

export type Announcement = {
  id: string; orgId: string; orgName: string; category: AnnouncementCategory; title: string; body: string; status: AnnouncementStatus; pinned: boolean;
  publishAt: string | null; withdrawnAt: string | null; withdrawReason: string | null; createdBy: string; updatedBy: string; updatedAt: string; version: number;
};
export type PublicAnnouncement = { id: string; orgName: string; category: AnnouncementCategory; title: string; body: string; pinned: boolean; publishedAt: string; updatedAt: string; edited: boolean };
/** One saved text of an announcement (newest first from the API). */
export type AnnouncementVersion = { version: number; category: AnnouncementCategory; title: string; body: string; editedBy: string; editedAt: string };
export type AnnouncementBody = { title: string; body: string; category: AnnouncementCategory; pinned: boolean };

export type LaneReportState = { id: string; ref: string; status: string; dueAt: string; resolution: string | null };
export type Complaint = {
  id: string; ticket: string; category: ComplaintCategory; communityId: string; communityName: string; place: string; description: string; status: ComplaintStatus;
  priority: Priority; hasPhoto: boolean; contactMasked: string | null; byResident: boolean; assignee: { id: string; name: string } | null; submittedAt: string; dueAt: string;
  overdue: boolean; closedAt: string | null; closedBy: string | null; resolution: string | null; laneReport: LaneReportState | null; version: number;
};
export type ComplaintEvent = { at: string; kind: string; public: boolean; text: string | null; by?: string | null };
export type ComplaintDetail = { complaint: Complaint; history: ComplaintEvent[]; assignable: Array<{ id: string; name: string; role: string }> };
export type ComplaintQueue = { items: Complaint[]; total: number; page: number; pageSize: number; figures: { open: number; overdue: number } };
export type Photo = { mime: 'image/jpeg' | 'image/png'; data: string };
export type ComplaintInput = { category: ComplaintCategory; place: string; description: string; contact?: string; photo?: Photo };
export type Receipt = { ticket: string; code: string; status: ComplaintStatus; dueAt: string };
export type Tracking = {
  ticket: string; category: ComplaintCategory; communityName: string; place: string; description: string; status: ComplaintStatus; submittedAt: string; dueAt: string;
  closedAt: string | null; resolution: string | null; contactMasked: string | null; history: ComplaintEvent[];
};

export const ANNOUNCEMENTS_KEY = ['announcements'] as const;
export const COMPLAINTS_KEY = ['complaints'] as const;

export const listAnnouncements = (signal?: AbortSignal) => request<{ items: Announcement[] }>('/api/announcements', { signal });
export const announcementVersions = (id: string, signal?: AbortSignal) =>
  request<{ items: AnnouncementVersion[] }>(`/api/announcements/${encodeURIComponent(id)}/versions`, { signal });
export const createAnnouncement = (b: AnnouncementBody & { publishAt?: string | null; draft?: boolean }) => request<Announcement>('/api/announcements', { method: 'POST', body: b });
export const updateAnnouncement = (id: string, b: AnnouncementBody & { version: number }) => request<Announcement>(`/api/announcements/${encodeURIComponent(id)}`, { method: 'PUT', body: b });
export const publishAnnouncement = (id: string, version: number) => request<Announcement>(`/api/announcements/${encodeURIComponent(id)}/publish`, { method: 'POST', body: { version } });
export const withdrawAnnouncement = (id: string, reason: string, version: number) =>
  request<Announcement>(`/api/announcements/${encodeURIComponent(id)}/withdraw`, { method: 'POST', body: { reason, version } });

export const publicAnnouncements = (org: string, signal?: AbortSignal) =>
  request<{ area: { code: string; name: string; level: string }; items: PublicAnnouncement[] }>(`/api/public/announcements?org=${encodeURIComponent(org)}`, { signal, noAuthRedirect: true });
export const publicAnnouncement = (id: string, signal?: AbortSignal) => request<PublicAnnouncement>(`/api/public/announcements/${encodeURIComponent(id)}`, { signal, noAuthRedirect: true });
export const submitPublicComplaint = (b: ComplaintInput & { communityCode: string }) => request<Receipt>('/api/public/complaints', { method: 'POST', body: b, noAuthRedirect: true });
export const trackComplaint = (ticket: string, code: string) => request<Tracking>('/api/public/complaints/track', { method: 'POST', body: { ticket, code }, noAuthRedirect: true });

export const listComplaints = (q: { status?: ComplaintStatus; overdue?: boolean; category?: ComplaintCategory; from?: string; to?: string; page: number }, signal?: AbortSignal) => {
  const p = new URLSearchParams({ page: String(q.page), pageSize: '20' });
  if (q.status) p.set('status', q.status);
  if (q.overdue) p.set('overdue', 'true');
  if (q.category) p.set('category', q.category);
  if (q.from) p.set('from', q.from);
  if (q.to) p.set('to', q.to);
  return request<ComplaintQueue>(`/api/complaints?${p}`, { signal });
};
export const getComplaint = (id: string, signal?: AbortSignal) => request<ComplaintDetail>(`/api/complaints/${encodeURIComponent(id)}`, { signal });
export const complaintPhotoUrl = (id: string) => `/api/complaints/${encodeURIComponent(id)}/photo`;
export const acceptComplaint = (id: string, b: { priority: Priority; assigneeId?: string; version: number }) =>
  request<Complaint>(`/api/complaints/${encodeURIComponent(id)}/accept`, { method: 'POST', body: b });
export const assignComplaint = (id: string, b: { assigneeId: string; version: number }) => request<Complaint>(`/api/complaints/${encodeURIComponent(id)}/assign`, { method: 'POST', body: b });
export const replyComplaint = (id: string, b: { text: string; public: boolean; version: number }) => request<Complaint>(`/api/complaints/${encodeURIComponent(id)}/reply`, { method: 'POST', body: b });
export const closeComplaint = (id: string, b: { outcome: 'resolved' | 'rejected'; reason: string; version: number }) =>
  request<Complaint>(`/api/complaints/${encodeURIComponent(id)}/close`, { method: 'POST', body: b });

/** The communities one may address a complaint to (the public list of areas of the transparency report, ADR 0032). */
/** A resident's own complaint (/api/me/complaints): its state and the public replies. */
export type MyComplaint = Omit<Tracking, 'history'> & { id: string; replies: ComplaintEvent[] };
export const MY_COMPLAINTS_KEY = ['me', 'complaints'] as const;
export const myComplaints = (signal?: AbortSignal) => request<{ items: MyComplaint[] }>('/api/me/complaints', { signal });
export const submitMyComplaint = (b: ComplaintInput) => request<Receipt>('/api/me/complaints', { method: 'POST', body: b });
export type PublicArea = { code: string; name: string; level: string; parentCode: string | null };
export const publicAreas = (signal?: AbortSignal) => request<{ items: PublicArea[] }>('/api/transparency/areas', { signal, noAuthRedirect: true });
