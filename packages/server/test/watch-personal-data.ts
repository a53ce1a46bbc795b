// Every response of every in-process server test is looked at for personal data (brief: "personal data is masked by
// default and every read of it is audited"; SECURITY.md C14, D18). The walks in src/http/personal-data-sweep.test.ts
// reach every GET route over the demo; this reaches the rest — the answers to writes, searches, look-ups, imports and
// exports, in whatever state each test has built. Two rules; breaking one fails the request (and so the test) with the
// method, the path, what was found and, in an archive, where:
// 1. a successful answer that shows personal data masked (an ID number, a phone number, a name in maskName's form:
//    `"张*"` as a JSON string, `>张*<` as the whole text of an XML element, a sheet's cell) has an audit row with its
//    request id;
// 2. no answer carries a full ID number (18 characters with a valid GB 11643 check character) or a full mainland mobile
//    number, except where the route shows it by design:
// - POST /api/residents/:id/reveal — the reveal call (with permission and reason, audited);
// - GET /api/registry/corrections/:id — the proposed value of a correction request (ADR 0028);
// - GET /api/exports/:id/file — only the columns a second person approved unmasked (dual control, SECURITY.md C16),
//   in the CSV and the XLSX form alike;
// - GET /api/registry/import-template — only the template's own example row (TEMPLATE_EXAMPLE, SECURITY.md §1.7's
//   test number and a placeholder phone), printed in every copy of the template.
// Text answers (JSON, CSV, HTML, plain text) are read as they are. XLSX and zip answers (the export file, the import
// error report and template, the audit pack) are unpacked in memory (ADR 0061, session 21): the text entries of the
// archive (.xml, .rels, .json, .csv, .txt, .html, .ndjson, .jsonl) are read, and .xlsx/.zip entries inside it are
// unpacked in turn, down to MAX_NESTING archives deep. Other entries (images, PDFs) are not looked into. An archive that
// would unpack to more than MAX_ARCHIVE_BYTES, is nested deeper or cannot be read throws UncheckableAnswer: an answer
// the watch cannot check fails rather than passing unseen.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import yauzl from 'yauzl';
import { TEMPLATE_EXAMPLE } from '../src/modules/registry';
import { fullPersonalData } from './full-personal-data';

export { fullPersonalData, type FullValue } from './full-personal-data';

// A partner unit's contact in full (ADR 0091) is revealed like a resident's number: POST …/reveal, audited.
const REVEAL = /^\/api\/(residents|partners)\/[^/]+\/reveal$/;
const CORRECTION = /^\/api\/registry\/corrections\/[^/]+$/;
const EXPORT_FILE = /^\/api\/exports\/([^/]+)\/file$/;
const IMPORT_TEMPLATE = '/api/registry/import-template';
const TEMPLATE_VALUES: ReadonlySet<string> = new Set(TEMPLATE_EXAMPLE);

export class FullPersonalDataInResponse extends Error {}
export class UnauditedPersonalData extends Error {}
/** An XLSX or zip answer the watch could not look into (too big unpacked, nested too deep, damaged, encrypted). */
export class UncheckableAnswer extends Error {}

/**
 * A masked ID number, a masked phone number or a masked name: personal data shown. A name counts in maskName's form
 * as a whole value — a JSON string (`"张*"`) or the whole text of an XML element (`>张*<`, how a sheet's cell holds it,
 * shared or inline) — so that a star after a Chinese character in running text is not taken for one.
 */
export function maskedPersonalData(body: string): boolean {
  return /\d{6}\*{8}\d{3}[\dXx]/.test(body) || /1\d{2}\*{4}\d{4}/.test(body) || /"[\u4e00-\u9fff]\*{1,15}"|>[\u4e00-\u9fff]\*{1,15}</.test(body);
}

/** All unpacked text of one answer is at most this; the watch holds it in memory. */
export const MAX_ARCHIVE_BYTES = 64 * 1024 * 1024;
/** A zip in a zip in a zip … deeper than this is refused (a self-containing zip would otherwise not end). */
export const MAX_NESTING = 3;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');
const TEXT_ENTRY = /\.(xml|rels|json|csv|txt|html|ndjson|jsonl)$/i;
const NESTED_ARCHIVE = /\.(xlsx|zip)$/i;

/** One piece of text an answer carries: its body, or an archive entry (`where` names it, `a.zip!inner.xlsx!xl/…`). */
type Part = { where: string | null; text: string };

/** Whether an answer is an archive to unpack: by its type (XLSX, zip) or by its first bytes (a zip sent as anything). */
function isArchive(contentType: string, body: Buffer): boolean {
  return contentType.startsWith(XLSX) || contentType.startsWith('application/zip') || body.subarray(0, 4).equals(ZIP_MAGIC);
}

/**
 * The text of an XML entry as the scans should see it: numeric character references decoded (`&#51;` is a 3 to
 * Excel; exceljs writes none, but a hand-built sheet may), and every shared or inline string written as several
 * rich-text runs (`<r><t>3309</t></r><r><t>02…</t></r>`) added joined, as `>…<`, so a value split over runs is found.
 * Markup characters stay escaped, so decoding cannot make up an element's boundary.
 */
function xmlText(xml: string): string {
  const decoded = xml.replace(/&#(x[\da-fA-F]+|\d+);/g, (ref, n: string) => {
    const c = String.fromCodePoint(n[0] === 'x' ? Number.parseInt(n.slice(1), 16) : Number(n));
    return /[<>&"']/.test(c) ? ref : c;
  });
  const joined: string[] = [];
  for (const m of decoded.matchAll(/<(si|is)\b[^>]*>([\s\S]*?)<\/\1>/g)) {
    const runs = [...m[2]!.matchAll(/<t\b[^>]*>([^<]*)<\/t>/g)].map((t) => t[1]);
    if (runs.length > 1) joined.push(`>${runs.join('')}<`);
  }
  return joined.length ? `${decoded}\n${joined.join('\n')}` : decoded;
}

const openZip = (buf: Buffer) =>
  new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, zip) =>
      err || !zip ? reject(err ?? new Error('no zip')) : resolve(zip),
    );
  });

/** The central directory's entries (nothing is inflated yet). */
const entriesOf = (zip: yauzl.ZipFile) =>
  new Promise<yauzl.Entry[]>((resolve, reject) => {
    const out: yauzl.Entry[] = [];
    zip.on('error', reject);
    zip.on('end', () => resolve(out));
    zip.on('entry', (e: yauzl.Entry) => {
      out.push(e);
      zip.readEntry();
    });
    zip.readEntry();
  });

/** One entry inflated; yauzl checks it unpacks to exactly its declared size, which the budget has already taken. */
async function inflate(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    zip.openReadStream(entry, (err, s) => (err || !s ? reject(err ?? new Error('no stream')) : resolve(s))),
  );
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The text entries of an archive held in memory, and those of the archives inside it. `budget.left` is what may
 * still be unpacked for this answer; declared sizes are charged before anything is inflated, so a zip bomb is refused
 * from its directory. Throws (a plain Error; the caller names the request) when the answer cannot be looked into.
 */
async function archiveParts(buf: Buffer, where: string, budget: { left: number; max: number }, depth: number, out: Part[]): Promise<void> {
  const self = where || 'the archive';
  if (depth > MAX_NESTING) throw new Error(`${self}: archives nested more than ${MAX_NESTING} deep`);
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(buf);
  } catch (e) {
    throw new Error(`${self}: not a readable zip (${(e as Error).message})`);
  }
  try {
    const wanted = (await entriesOf(zip)).filter((e) => TEXT_ENTRY.test(e.fileName) || NESTED_ARCHIVE.test(e.fileName));
    for (const e of wanted) {
      budget.left -= e.uncompressedSize;
      if (budget.left < 0) throw new Error(`${self}: unpacks to more than ${budget.max % 1048576 === 0 ? `${budget.max / 1048576} MiB` : `${budget.max} bytes`} (at ${e.fileName})`);
    }
    for (const e of wanted) {
      const name = where ? `${where}!${e.fileName}` : e.fileName;
      if ((e.generalPurposeBitFlag & 0x1) !== 0) throw new Error(`${name}: encrypted`);
      const data = await inflate(zip, e);
      if (NESTED_ARCHIVE.test(e.fileName)) await archiveParts(data, name, budget, depth + 1, out);
      else {
        const text = data.toString('utf8');
        out.push({ where: name, text: /\.(xml|rels)$/i.test(e.fileName) ? xmlText(text) : text });
      }
    }
  } finally {
    zip.close();
  }
}

/**
 * What of an answer the scans read: the body of a text answer, the text entries of an XLSX or zip answer (each with
 * where it lies), nothing for any other answer (an image, an empty body).
 */
export async function answerParts(contentType: string, body: Buffer, maxBytes = MAX_ARCHIVE_BYTES): Promise<Part[]> {
  if (body.length > 0 && isArchive(contentType, body)) {
    const out: Part[] = [];
    await archiveParts(body, '', { left: maxBytes, max: maxBytes }, 1, out);
    return out;
  }
  if (/json|text|csv|html/.test(contentType)) return [{ where: null, text: body.toString('utf8') }];
  return [];
}

/**
 * Wraps `app.inject` (every test's way into the server) so that:
 * - a successful answer showing personal data (masked) without an audit row of its request id throws
 *   UnauditedPersonalData;
 * - an answer with a full ID or phone number throws FullPersonalDataInResponse, except where the route shows it by
 *   design (above);
 * - an XLSX or zip answer that cannot be looked into throws UncheckableAnswer.
 * `db` reads the audit log and an export's approved unmasked columns. `maxArchiveBytes` is for the watch's own test.
 */
export function watchPersonalData(app: FastifyInstance, db: Kysely<any>, opts: { maxArchiveBytes?: number } = {}): void {
  const inject = app.inject.bind(app) as (o: InjectOptions | string) => Promise<LightMyRequestResponse>;
  (app as { inject: unknown }).inject = async (o: InjectOptions | string) => {
    const res = await inject(o);
    const method = (typeof o === 'string' ? 'GET' : (o.method ?? 'GET')).toUpperCase();
    const path = (typeof o === 'string' ? o : String(o.url ?? o.path ?? '')).split('?')[0]!;
    let parts: Part[];
    try {
      parts = await answerParts(String(res.headers['content-type'] ?? ''), res.rawPayload, opts.maxArchiveBytes);
    } catch (e) {
      throw new UncheckableAnswer(`${method} ${path} answered ${res.statusCode} with an archive the watch cannot look into: ${(e as Error).message}`);
    }
    if (parts.length === 0) return res;
    /** ` (in xl/sharedStrings.xml)` for what lies in an archive entry. */
    const at = (p: Part) => (p.where ? ` (in ${p.where})` : '');
    const masked = parts.find((p) => maskedPersonalData(p.text));
    if (res.statusCode < 300 && masked) {
      const requestId = String(res.headers['x-request-id'] ?? '');
      const rows = await db.selectFrom('audit_log').select('id').where('request_id', '=', requestId).limit(1).execute();
      if (rows.length === 0) throw new UnauditedPersonalData(`${method} ${path} answered ${res.statusCode} with masked personal data${at(masked)} and wrote no audit row (request ${requestId || 'without an id'})`);
    }
    let found = parts.flatMap((p) => fullPersonalData(p.text).map((f) => ({ ...f, text: `${f.text}${at(p)}` })));
    if (found.length === 0) return res;
    if (res.statusCode === 200 && method === 'POST' && REVEAL.test(path)) return res;
    if (res.statusCode === 200 && method === 'GET' && CORRECTION.test(path)) return res;
    if (res.statusCode === 200 && method === 'GET' && path === IMPORT_TEMPLATE) found = found.filter((f) => !TEMPLATE_VALUES.has(f.value));
    if (found.length === 0) return res;
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
