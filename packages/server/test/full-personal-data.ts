// Every response of every in-process server test is looked at for personal data (brief: "personal data is masked by
// default and every read of it is audited"; SECURITY.md C14, D18). The walks in src/http/personal-data-sweep.test.ts
// reach every GET route over the demo; this reaches the rest — the answers to writes, searches, look-ups, imports and
// exports, in whatever state each test has built. Two rules; breaking one fails the request (and so the test) with the
// method, the path and what was found:
// 1. a successful answer that shows personal data masked (an ID number, a phone number, a name as `"张*"`, maskName's form) has an audit
//    row with its request id;
// 2. no answer carries a full ID number (18 characters with a valid GB 11643 check character) or a full mainland mobile
//    number, except where the route shows it by design:
// - POST /api/residents/:id/reveal — the reveal call (with permission and reason, audited);
// - GET /api/registry/corrections/:id — the proposed value of a correction request (ADR 0028);
// - GET /api/exports/:id/file — only the columns a second person approved unmasked (dual control, SECURITY.md C16).
// Binary answers (an XLSX export, an audit pack) are not looked into; their own tests read them.
import { cnIdCheckChar } from '@renxing/shared';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';

const FULL_ID = /(?<![\dA-Za-z.])\d{17}[\dXx](?![\dA-Za-z.])/g;
const FULL_PHONE = /(?<![\dA-Za-z.])1[3-9]\d{9}(?![\dA-Za-z.])/g;

export type FullValue = { kind: 'idNumber' | 'phone'; text: string };

/** Full ID numbers and phone numbers in a text; `text` names each by its first digits only. */
export function fullPersonalData(body: string): FullValue[] {
  return [
    ...[...body.matchAll(FULL_ID)]
      .filter((m) => cnIdCheckChar(m[0].slice(0, 17)) === m[0][17]!.toUpperCase())
      .map((m) => ({ kind: 'idNumber' as const, text: `an ID number ${m[0].slice(0, 6)}…` })),
    ...[...body.matchAll(FULL_PHONE)].map((m) => ({ kind: 'phone' as const, text: `a phone number ${m[0].slice(0, 3)}…` })),
  ];
}

const REVEAL = /^\/api\/residents\/[^/]+\/reveal$/;
const CORRECTION = /^\/api\/registry\/corrections\/[^/]+$/;
const EXPORT_FILE = /^\/api\/exports\/([^/]+)\/file$/;

export class FullPersonalDataInResponse extends Error {}
export class UnauditedPersonalData extends Error {}

/** A masked ID number, a masked phone number or a masked name as a JSON string (`"张*"`): personal data shown. */
export function maskedPersonalData(body: string): boolean {
  return /\d{6}\*{8}\d{3}[\dXx]/.test(body) || /1\d{2}\*{4}\d{4}/.test(body) || /"[\u4e00-\u9fff]\*{1,15}"/.test(body);
}

/**
 * Wraps `app.inject` (every test's way into the server) so that:
 * - a successful answer showing personal data (masked) without an audit row of its request id throws
 *   UnauditedPersonalData;
 * - an answer with a full ID or phone number throws FullPersonalDataInResponse, except where the route shows it by
 *   design (above).
 * `db` reads the audit log and an export's approved unmasked columns.
 */
export function watchPersonalData(app: FastifyInstance, db: Kysely<any>): void {
  const inject = app.inject.bind(app) as (o: InjectOptions | string) => Promise<LightMyRequestResponse>;
  (app as { inject: unknown }).inject = async (o: InjectOptions | string) => {
    const res = await inject(o);
    if (!/json|text|csv|html/.test(String(res.headers['content-type'] ?? ''))) return res;
    const method = (typeof o === 'string' ? 'GET' : (o.method ?? 'GET')).toUpperCase();
    const path = (typeof o === 'string' ? o : String(o.url ?? o.path ?? '')).split('?')[0]!;
    if (res.statusCode < 300 && maskedPersonalData(res.body)) {
      const requestId = String(res.headers['x-request-id'] ?? '');
      const rows = await db.selectFrom('audit_log').select('id').where('request_id', '=', requestId).limit(1).execute();
      if (rows.length === 0) throw new UnauditedPersonalData(`${method} ${path} answered ${res.statusCode} with masked personal data and wrote no audit row (request ${requestId || 'without an id'})`);
    }
    const found = fullPersonalData(res.body);
    if (found.length === 0) return res;
    if (res.statusCode === 200 && method === 'POST' && REVEAL.test(path)) return res;
    if (res.statusCode === 200 && method === 'GET' && CORRECTION.test(path)) return res;
    const exportId = method === 'GET' && res.statusCode === 200 ? EXPORT_FILE.exec(path)?.[1] : undefined;
    if (exportId) {
      const row = await db.selectFrom('exports').select(['approved_unmasked']).where('id', '=', decodeURIComponent(exportId)).executeTakeFirst();
      const approved = JSON.parse((row?.approved_unmasked as string | null) ?? '[]') as string[];
      if (found.every((f) => approved.includes(f.kind))) return res;
    }
    throw new FullPersonalDataInResponse(
      `${method} ${path} answered ${res.statusCode} with personal data in full: ${[...new Set(found.map((f) => f.text))].join(', ')}`,
    );
  };
}
