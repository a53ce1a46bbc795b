import { maskCnId, maskPhone, pinyinKeys } from '@renxing/shared';
import type { FieldCrypto } from '../../../platform/crypto/field-crypto';
import { parseImport, type ParseHeadersItem, type ParseImportOptions, type ParseRowItem, type ParseSummaryItem } from './pipeline';
import type { ResidentImportRecord } from './validate';

/**
 * The columns of a residents row that depend on the row alone (no database): ciphertexts, blind indexes, masked
 * copies, tails, pinyin search keys. Computing them is most of an import's CPU time outside the database, so the
 * import does it next to the parser — in the parse worker (see ./parallel) — while the main thread writes.
 */
export type PreparedResident = {
  idBidx: string;
  /** Blind index of the guardian's ID number, when the row names one. */
  guardianBidx: string | null;
  idNumberEnc: string;
  idMasked: string;
  idTail: string;
  phoneEnc: string | null;
  phoneBidx: string | null;
  phoneMasked: string | null;
  phoneTail: string | null;
  namePinyin: string;
  nameInitials: string;
};

/** What prepareResident needs from the platform's field crypto. */
export type ResidentCrypto = Pick<FieldCrypto, 'encrypt' | 'blindIndex'>;

/** Pinyin keys are the slowest per-row step after the crypto; names repeat a lot, so cache them (bounded). */
const pinyinCache = new Map<string, { full: string; initials: string }>();
export function cachedPinyin(name: string): { full: string; initials: string } {
  let k = pinyinCache.get(name);
  if (!k) {
    k = pinyinKeys(name);
    if (pinyinCache.size > 200_000) pinyinCache.clear();
    pinyinCache.set(name, k);
  }
  return k;
}

/** Row-local columns of a validated record (AES-256-GCM with the column as associated data, HMAC blind indexes). */
export function prepareResident(crypto: ResidentCrypto, rec: Pick<ResidentImportRecord, 'name' | 'idNumber' | 'phone' | 'guardianIdNumber'>): PreparedResident {
  const k = cachedPinyin(rec.name);
  const phone = rec.phone;
  return {
    idBidx: crypto.blindIndex('cnid', rec.idNumber),
    guardianBidx: rec.guardianIdNumber ? crypto.blindIndex('cnid', rec.guardianIdNumber) : null,
    idNumberEnc: crypto.encrypt('residents.id_number', rec.idNumber),
    idMasked: maskCnId(rec.idNumber),
    idTail: rec.idNumber.slice(-4),
    phoneEnc: phone ? crypto.encrypt('residents.phone', phone) : null,
    phoneBidx: phone ? crypto.blindIndex('phone', phone) : null,
    phoneMasked: phone ? maskPhone(phone) : null,
    phoneTail: phone ? phone.slice(-4) : null,
    namePinyin: k.full,
    nameInitials: k.initials,
  };
}

/** A data row as the import service consumes it: the parser's row item plus, when valid, its prepared columns. */
export type PreparedRowItem = ParseRowItem & { prepared?: PreparedResident };
/** Items of a prepared import stream: the headers, batches of rows in file order, the summary. */
export type PreparedItem = ParseHeadersItem | { kind: 'rows'; rows: PreparedRowItem[] } | ParseSummaryItem;

/** Rows per batch (per message when the stream runs in the worker). */
export const PREPARED_BATCH = 1000;

/**
 * parseImport, with each valid record prepared (prepareResident) and rows grouped in batches of `batch`. This is the
 * whole of what the parse worker runs; called directly it is the same stream in the calling thread.
 */
export async function* preparedImport(
  crypto: ResidentCrypto,
  path: string,
  declaredName: string | undefined,
  opts: ParseImportOptions,
  batch = PREPARED_BATCH,
): AsyncGenerator<PreparedItem> {
  let rows: PreparedRowItem[] = [];
  for await (const item of parseImport(path, declaredName, opts)) {
    if (item.kind !== 'row') {
      if (rows.length) yield { kind: 'rows', rows };
      rows = [];
      yield item;
      continue;
    }
    const out: PreparedRowItem = item;
    if (item.record) out.prepared = prepareResident(crypto, item.record);
    rows.push(out);
    if (rows.length >= batch) {
      yield { kind: 'rows', rows };
      rows = [];
    }
  }
  if (rows.length) yield { kind: 'rows', rows };
}
