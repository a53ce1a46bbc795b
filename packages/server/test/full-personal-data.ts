// Every response of every in-process server test is scanned for a full ID number (18 characters with a valid GB 11643
// check character) or a full mainland mobile number (brief: "personal data is masked by default"; SECURITY.md C14).
// The walks in src/http/personal-data-sweep.test.ts reach every GET route over the demo; this reaches the rest — the
// answers to writes, searches, look-ups, imports and exports, in whatever state each test has built — at no cost of its
// own. A response that carries one fails the request (and so the test) with the method, path and what was found,
// unless the route shows it by design:
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

/**
 * Wraps `app.inject` (every test's way into the server) so that an answer with a full ID or phone number throws
 * FullPersonalDataInResponse, except where the route shows it by design (above). `db` reads an export's approved
 * unmasked columns.
 */
export function watchForFullPersonalData(app: FastifyInstance, db: Kysely<any>): void {
  const inject = app.inject.bind(app) as (o: InjectOptions | string) => Promise<LightMyRequestResponse>;
  (app as { inject: unknown }).inject = async (o: InjectOptions | string) => {
    const res = await inject(o);
    if (!/json|text|csv|html/.test(String(res.headers['content-type'] ?? ''))) return res;
    const found = fullPersonalData(res.body);
    if (found.length === 0) return res;
    const method = (typeof o === 'string' ? 'GET' : (o.method ?? 'GET')).toUpperCase();
    const path = (typeof o === 'string' ? o : String(o.url ?? o.path ?? '')).split('?')[0]!;
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
