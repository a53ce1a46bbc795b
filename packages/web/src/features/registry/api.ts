// Registry API (packages/server/src/modules/registry/*.routes.ts and modules/exports/exports.routes.ts).
// Personal data is never written to browser storage: it lives in react-query's memory cache only.
import type { ImportMode, ResidentHistory } from '@renxing/shared';
import { request } from '../../api/client';
import type { Page } from '../../api/types';
import type { ConsentAttestation, ConsentStatus } from '../consent';

export const CARE_TAGS = ['elderly60', 'elderly80', 'living_alone', 'disabled', 'chronic', 'pregnant', 'infant', 'minor'] as const;
export type CareTag = (typeof CARE_TAGS)[number];
/** Tags derived from the birth date in the ID number; the server computes them and ignores typed values. */
export const DERIVED_TAGS: readonly CareTag[] = ['elderly60', 'elderly80', 'minor', 'infant'];
export const TYPED_TAGS: readonly CareTag[] = CARE_TAGS.filter((t) => !DERIVED_TAGS.includes(t));
export const RESIDENCE_TYPES = ['registered', 'floating', 'tenant', 'away'] as const;
export type ResidenceType = (typeof RESIDENCE_TYPES)[number];
export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

/** X-Purpose codes (server: registry.service.ts PURPOSES). The server checks them against the role. */
export const PURPOSES = ['registry.maintenance', 'epidemic.followup', 'epidemic.sampling', 'epidemic.screening', 'epidemic.lab', 'service.assistance'] as const;
export type Purpose = (typeof PURPOSES)[number];
/** Purposes offered per role in the picker (mirror of the server's ROLE_PURPOSES; the server stays the authority). */
export const ROLE_PURPOSES: Record<string, readonly Purpose[]> = {
  community_admin: ['registry.maintenance', 'epidemic.followup', 'epidemic.screening', 'service.assistance'],
  grid_worker: ['registry.maintenance', 'epidemic.followup', 'epidemic.screening', 'service.assistance'],
  doctor: ['registry.maintenance', 'epidemic.followup', 'epidemic.lab', 'service.assistance'],
};
export const DEFAULT_PURPOSE: Purpose = 'registry.maintenance';

export type ResidentSummary = {
  id: string;
  nameMasked: string;
  sex: 'M' | 'F';
  age: number;
  idMasked: string;
  phoneMasked: string | null;
  address: string;
  householdId: string;
  gridId: string;
  /** The grid's name, in list and search rows (ADR 0052). */
  gridName?: string | null;
  relation: Relation;
  residenceType: ResidenceType;
  tags: CareTag[];
  status: string;
  version: number;
  /** A restricted record (seen in full only under a break-the-glass grant). */
  restricted: boolean;
  access: 'full';
};

/**
 * What the server sends for a restricted record without a break-the-glass grant: a masked name and where it sits —
 * no age, ID, phone, address or care tags.
 */
export type ResidentStub = {
  id: string; nameMasked: string; householdId: string; gridId: string; gridName?: string | null; status: string; version: number; restricted: true; access: 'stub';
};
/** A row of a list, search or household: full (masked) summary or a restricted stub. */
export type ResidentRow = ResidentSummary | ResidentStub;
export const isStub = (r: ResidentRow | ResidentDetail): r is ResidentStub => r.access === 'stub';

export type ResidentDetail = ResidentSummary & {
  name: string;
  birthDate: string;
  guardian: { id: string; nameMasked: string } | null;
  externalRef: string | null;
  household: { id: string; address: string; members: ResidentRow[] };
  moves: Array<{ at: string; fromHouseholdId: string | null; toHouseholdId: string; reason: string }>;
  /** The caller's active break-the-glass grant when the record is restricted. */
  breakGlass: { grantId: string; expiresAt: string } | null;
  /** Separate consent to care services, the basis of the consent-based care tags (ADR 0033). */
  consent?: ConsentStatus;
};

export type Household = {
  id: string;
  address: string;
  room: string;
  householdType: 'family' | 'collective' | 'rental';
  headResidentId: string | null;
  gridId: string;
  version: number;
  members: ResidentRow[];
};

export type PlaceKind = 'root' | 'community' | 'grid' | 'compound' | 'building' | 'unit';
export type PlaceNode = {
  kind: 'community' | 'grid' | 'compound' | 'building' | 'unit' | 'household' | 'street' | 'district' | 'city';
  id: string;
  name: string;
  code?: string;
  threeNo?: boolean;
  flags?: { noPropertyManagement: boolean; noCompetentAuthority: boolean; notEnclosed: boolean };
  members?: number;
};

export type ResidentFilters = { gridId?: string; tag?: CareTag; residenceType?: ResidenceType };

const purposeHeaders = (purpose?: Purpose) => (purpose ? { 'X-Purpose': purpose } : undefined);

export function placeChildren(kind: PlaceKind, id?: string, signal?: AbortSignal): Promise<{ items: PlaceNode[] }> {
  return request('/api/places/tree', { query: { kind, id }, signal });
}

export function listResidents(q: ResidentFilters & { householdId?: string; page: number; pageSize: number }, signal?: AbortSignal): Promise<Page<ResidentRow>> {
  return request('/api/residents', { query: q, signal });
}

export type SearchKind = 'tail' | 'pinyin' | 'address' | 'name';
export function searchResidents(body: ResidentFilters & { q: string; limit?: number }): Promise<{ items: ResidentRow[]; kind: SearchKind }> {
  return request('/api/residents/search', { method: 'POST', body });
}

export function getResident(id: string, purpose: Purpose, signal?: AbortSignal): Promise<ResidentDetail | ResidentStub> {
  return request(`/api/residents/${encodeURIComponent(id)}`, { headers: purposeHeaders(purpose), signal });
}

/** The record's change history (变更记录, ADR 0041): field names, never values; audited as a read. */
export function getResidentHistory(id: string, q: { page: number; pageSize: number }, purpose: Purpose, signal?: AbortSignal): Promise<ResidentHistory> {
  return request(`/api/residents/${encodeURIComponent(id)}/history`, { query: q, headers: purposeHeaders(purpose), signal });
}

/** Break the glass: opens a restricted record to the caller for a limited time (reason required; audited; the community admin is told). */
export function breakGlass(id: string, reason: string, purpose: Purpose): Promise<{ grantId: string; expiresAt: string; notified: number }> {
  return request(`/api/residents/${encodeURIComponent(id)}/break-glass`, { method: 'POST', body: { reason }, headers: purposeHeaders(purpose) });
}

/** Marks a record restricted or lifts it (community admin; reason; second factor). */
export function setRestriction(id: string, body: { restricted: boolean; reason: string; version: number }): Promise<{ id: string; restricted: boolean; version: number }> {
  return request(`/api/residents/${encodeURIComponent(id)}/restriction`, { method: 'POST', body });
}

export function revealField(id: string, field: 'idNumber' | 'phone', reason: string, purpose: Purpose): Promise<{ field: string; value: string | null }> {
  return request(`/api/residents/${encodeURIComponent(id)}/reveal`, { method: 'POST', body: { field, reason }, headers: purposeHeaders(purpose) });
}

export type ResidentPatch = {
  version: number;
  phone?: string | null;
  relation?: Relation;
  residenceType?: ResidenceType;
  tags?: CareTag[];
  guardianId?: string | null;
  externalRef?: string | null;
  /** The worker's attestation of the resident's separate consent, when consent-based tags are added without one. */
  consent?: ConsentAttestation;
};
export function updateResident(id: string, patch: ResidentPatch): Promise<ResidentSummary> {
  return request(`/api/residents/${encodeURIComponent(id)}/update`, { method: 'POST', body: patch });
}

export function moveResident(id: string, body: { version: number; toHouseholdId: string; reason: string }): Promise<ResidentSummary> {
  return request(`/api/residents/${encodeURIComponent(id)}/move`, { method: 'POST', body });
}

export type ResidentCreate = {
  householdId: string;
  name: string;
  idNumber: string;
  phone?: string | null;
  relation: Relation;
  residenceType: ResidenceType;
  tags?: CareTag[];
  guardianId?: string | null;
  externalRef?: string | null;
  consent?: ConsentAttestation;
};
export function createResident(body: ResidentCreate): Promise<ResidentSummary> {
  return request('/api/residents', { method: 'POST', body });
}

export function getHousehold(id: string, purpose: Purpose, signal?: AbortSignal): Promise<Household> {
  return request(`/api/households/${encodeURIComponent(id)}`, { headers: purposeHeaders(purpose), signal });
}

// ---- import ------------------------------------------------------------------------------------------------------

export type { ImportMode };
/** `row`: data rows from 1 (below the header); `sheetRow`: the spreadsheet's own row number (absent in older runs). */
export type ImportRowError = { row: number; sheetRow?: number; column: string; code: string; message: string; messageEn: string };
/** `care_tags_without_consent` carries `count`: rows whose care tags were not stored (ADR 0033). */
export type ImportWarning = { code: string; column?: string; message: string; messageEn: string; count?: number };
export type ImportResult = {
  jobId: string;
  status: 'dry_run' | 'committed' | 'partial' | 'rejected';
  mode: ImportMode;
  rows: number;
  imported: number;
  updated: number;
  /** Of `updated`: rows that match the records (or only have blank cells); nothing is written for them. */
  unchanged?: number;
  errorCount: number;
  errors: ImportRowError[];
  errorsTruncated?: boolean;
  warnings: ImportWarning[];
  /** `sheetRow` as on errors: the spreadsheet's own row number (absent when the server did not know it). */
  preview: Array<{ row: number; sheetRow?: number; name: string; idMasked: string; address: string; action: 'create' | 'update' }>;
  /** Consent records written (or, checking, to be written) for the file's care tags. */
  consentsRecorded?: number;
};

export const IMPORT_TEMPLATE_URL = '/api/registry/import-template';
export const importErrorsUrl = (jobId: string, format: 'xlsx' | 'csv') => `/api/registry/imports/${encodeURIComponent(jobId)}/errors?format=${format}`;

/** Uploads a file; a rejected all-or-nothing import (422) is a result too, not an error. */
export function uploadImport(file: File, q: { communityId: string; mode: ImportMode; dryRun: boolean; careConsent?: boolean }): Promise<ImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  return request('/api/registry/imports', {
    method: 'POST',
    query: { communityId: q.communityId, mode: q.mode, dryRun: String(q.dryRun), ...(q.careConsent ? { careConsent: 'written' } : {}) },
    body: form,
    okStatuses: [422],
  });
}

// ---- exports -----------------------------------------------------------------------------------------------------

export const EXPORT_COLUMNS = ['name', 'idNumber', 'phone', 'sex', 'birthDate', 'address', 'relation', 'residenceType', 'tags', 'gridName'] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];
export const UNMASKABLE_COLUMNS = ['idNumber', 'phone', 'name'] as const;
export type UnmaskableColumn = (typeof UNMASKABLE_COLUMNS)[number];
export const EXPORT_PURPOSES = ['registry.report', 'epidemic.screening', 'service.assistance', 'upper.request'] as const;
export type ExportPurpose = (typeof EXPORT_PURPOSES)[number];
export type ExportFormat = 'xlsx' | 'csv';
export type ExportStatus = 'pending_approval' | 'pending_district_approval' | 'ready' | 'rejected' | 'downloaded' | 'expired';
export const APPROVAL_REASONS = ['row_limit', 'unmasked_columns', 'sensitive_columns', 'sensitive_filter', 'id_reconstructable', 'district_threshold'] as const;
export type ApprovalReason = (typeof APPROVAL_REASONS)[number];

type Person = { id: string; username: string; displayName: string; role: string };
export type ExportView = {
  id: string;
  kind: 'residents';
  status: ExportStatus;
  requester: Person;
  filters: ResidentFilters;
  /** The name of the filter's grid (server-side; null without a grid filter). */
  gridName: string | null;
  columns: ExportColumn[];
  unmasked: UnmaskableColumn[];
  purpose: ExportPurpose;
  reason: string;
  format: ExportFormat;
  rowCount: number;
  dataClass: string;
  approvalLevel: 'none' | 'community' | 'district';
  approvalReasons: ApprovalReason[];
  decision: { decision: 'approve' | 'reject'; by: Person; note: string | null; at: string; unmasked: UnmaskableColumn[] } | null;
  createdAt: string;
  expiresAt: string;
  downloadedAt: string | null;
  file: { rows: number; bytes: number; sha256: string } | null;
  canDecide: boolean;
  canDownload: boolean;
};

export type ExportRequest = {
  kind: 'residents';
  filters: ResidentFilters;
  columns: ExportColumn[];
  unmasked: UnmaskableColumn[];
  purpose: ExportPurpose;
  reason: string;
  format: ExportFormat;
};

export function requestExport(body: ExportRequest): Promise<ExportView> {
  return request('/api/exports', { method: 'POST', body });
}

/** Dry run of a request (ADR 0049): how many residents, which approval, and the caller's daily cap. */
export type ExportPreview = {
  rows: number;
  approvalLevel: 'none' | 'community' | 'district';
  approvalReasons: ApprovalReason[];
  cap: { perDay: number; usedLast24h: number; remaining: number };
  verdict: 'ok' | 'empty' | 'too_large' | 'over_daily_cap';
};

export function previewExport(body: Pick<ExportRequest, 'kind' | 'filters' | 'columns' | 'unmasked'>, signal?: AbortSignal): Promise<ExportPreview> {
  return request('/api/exports/preview', { method: 'POST', body, signal });
}

export function listExports(signal?: AbortSignal): Promise<{ items: ExportView[] }> {
  return request('/api/exports', { signal });
}

export function decideExport(id: string, body: { decision: 'approve' | 'reject'; note: string }): Promise<ExportView> {
  return request(`/api/exports/${encodeURIComponent(id)}/approve`, { method: 'POST', body });
}

/** How many export requests await the caller's decision (the 导出审批 menu badge). */
export const exportPendingCount = (signal?: AbortSignal) => request<{ pending: number }>('/api/exports/pending-count', { signal });

export const exportFileUrl = (id: string) => `/api/exports/${encodeURIComponent(id)}/file`;
