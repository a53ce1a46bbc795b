// The API of 病例与密接 (ADR 0084): the district's case registry (classification, status, onset and report dates, the
// person — a resident of the area or a name with an ID number or mobile — where infected and the source case), each
// case's contacts with their exposure (密接 / 次密接, date, setting, via whom), a contact becoming a case, the follow-up
// lists sent as screening lists (ADR 0083) with their checks read back, and the transmission chain as nodes and edges.
// Reading needs case:read (district, street, community admin, doctor); changing case:manage (district). Names and
// numbers come masked; the server audits every read. Personal data stays in react-query's memory cache only.
import { request } from '../../api/client';
import type { ResidentHit } from '../self-reports';

export type { ResidentHit };

export const CLASSIFICATIONS = ['confirmed', 'asymptomatic', 'suspected'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];
export const STATUSES = ['active', 'recovered', 'excluded'] as const;
export type CaseStatus = (typeof STATUSES)[number];
export const CONTACT_KINDS = ['close', 'secondary'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
export const SETTINGS = ['household', 'work', 'transport', 'dining', 'medical', 'other'] as const;
export type Setting = (typeof SETTINGS)[number];

/** As the server (ADR 0084): notes and addresses of at most 200 characters, a name of at most 30, a code search of 20. */
export const NOTE_MAX = 200;
export const ADDRESS_MAX = 200;
export const NAME_MAX = 30;
export const CODE_SEARCH_MAX = 20;
/** How many residents the search shows. */
export const SEARCH_SHOWN = 8;

export type ContactFigures = { close: number; secondary: number; sent: number; checked: number; becameCases: number };

export type CaseView = {
  id: string; code: string; classification: Classification; status: CaseStatus; onsetOn: string | null; reportedOn: string;
  nameMasked: string; idMasked: string | null; residentId: string | null; communityName: string | null;
  sourceCaseId: string | null; sourceCode: string | null;
  /** The source case is in the reader's area (a link opens it); else only its code is shown. */
  sourceVisible: boolean; exposureNote: string | null; contacts: ContactFigures; createdAt: string; version: number;
};

/** The follow-up check of a contact sent on a list: the list entry's status, its outcome, and how the match went. */
export type ContactCheck = { status: 'open' | 'done'; outcome: string | null; state: 'matched' | 'uncertain' | 'unmatched' | string; confidence: number };

export type ContactView = {
  id: string; caseId: string; kind: ContactKind; nameMasked: string; idMasked: string | null; phoneMasked: string | null; addressMasked: string | null;
  exposureOn: string; setting: Setting; note: string | null; viaContactId: string | null; becameCaseId: string | null; becameCaseCode: string | null;
  listId: string | null; check: ContactCheck | null; version: number;
};

export type GraphNode = { id: string; code: string; classification: Classification; status: CaseStatus; onsetOn: string | null; nameMasked: string; contacts: number };
export type GraphEdge = { from: string; to: string };
export type Chain = { nodes: GraphNode[]; edges: GraphEdge[] };

export type CodeName = { code: string; zh: string; en: string };
export type Meta = { classifications: CodeName[]; statuses: CodeName[]; kinds: CodeName[]; settings: CodeName[] };

export const CASES_KEY = ['cases'] as const;
export const LIST_KEY = [...CASES_KEY, 'list'] as const;
export const CASE_KEY = [...CASES_KEY, 'case'] as const;
export const GRAPH_KEY = [...CASES_KEY, 'graph'] as const;

const id = (s: string) => encodeURIComponent(s);

export function getMeta(signal?: AbortSignal): Promise<Meta> {
  return request('/api/cases/meta', { signal });
}

export type CaseFilters = { status?: CaseStatus; classification?: Classification; q?: string };
/** The cases of the caller's area, newest report first, with their contacts' figures (masked; an audited read). */
export function listCases(f: CaseFilters, signal?: AbortSignal): Promise<{ items: CaseView[] }> {
  return request('/api/cases', { signal, query: { status: f.status, classification: f.classification, q: f.q } });
}

export type NewCaseBody = {
  classification: Classification; reportedOn: string; onsetOn?: string; residentId?: string; name?: string; idNumber?: string; phone?: string;
  exposureNote?: string; sourceCaseId?: string;
};
/** 登记病例: a resident of the area, or a name with an ID number or a mobile (409 `already_case`; 400 naming the field). */
export function createCase(body: NewCaseBody): Promise<CaseView> {
  return request('/api/cases', { method: 'POST', body });
}

export function getCase(caseId: string, signal?: AbortSignal): Promise<{ case: CaseView; contacts: ContactView[] }> {
  return request(`/api/cases/${id(caseId)}`, { signal });
}

export type UpdateBody = { status?: CaseStatus; classification?: Classification; sourceCaseId?: string | null; exposureNote?: string; version: number };
/** 修改 against the version seen (409 stale; 400 `sourceCaseId` for a cycle). */
export function updateCase(caseId: string, body: UpdateBody): Promise<CaseView> {
  return request(`/api/cases/${id(caseId)}`, { method: 'PUT', body });
}

export type ContactBody = {
  kind: ContactKind; name: string; idNumber?: string; phone?: string; address?: string; exposureOn: string; setting: Setting; note?: string; viaContactId?: string;
};
/** 添加密接 (an ID number, a mobile or an address; a secondary contact through a close one). */
export function addContact(caseId: string, body: ContactBody): Promise<ContactView> {
  return request(`/api/cases/${id(caseId)}/contacts`, { method: 'POST', body });
}

export type ToCaseBody = { classification: Classification; reportedOn: string; onsetOn?: string };
/** 转为病例: registers the contact as a case with this case as its source. */
export function contactToCase(caseId: string, contactId: string, body: ToCaseBody): Promise<CaseView> {
  return request(`/api/cases/${id(caseId)}/contacts/${id(contactId)}/to-case`, { method: 'POST', body });
}

export type FollowUpBody = { kind: ContactKind; dueAt: string };
/** 生成随访名单: the contacts of a kind not sent yet, as a screening list (409 `nothing_to_send`). */
export function sendFollowUp(caseId: string, body: FollowUpBody): Promise<{ listId: string; sent: number }> {
  return request(`/api/cases/${id(caseId)}/follow-up`, { method: 'POST', body });
}

/** The transmission chain of the caller's area. */
export function getGraph(signal?: AbortSignal): Promise<Chain> {
  return request('/api/cases/graph', { signal });
}

/** The resident search (for someone who may search residents), with the purpose of following up an epidemic. */
export function searchResidents(q: string, signal?: AbortSignal): Promise<{ items: ResidentHit[] }> {
  return request('/api/residents/search', { method: 'POST', body: { q, limit: SEARCH_SHOWN }, headers: { 'X-Purpose': 'epidemic.followup' }, signal });
}
