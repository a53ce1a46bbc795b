import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import type { Database } from '../platform/db/database';
import { sha256 } from '../platform/ids';
import { AppError } from './errors';

export type WriteResult<T> = { status: number; body: T };
type LedgerRow = { request_hash: string; status_code: number; response_body: string };

const KEY_RE = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * Idempotency-Key handling (draft-ietf-httpapi-idempotency-key-header): the ledger row is written in the SAME
 * transaction as the effect. Same key + same payload → the stored response with `Idempotent-Replayed: true`;
 * same key + different payload → 422; same key still in flight → 409; missing key where required → 400.
 */
export function createIdempotency(database: Database, now: () => Date) {
  const inFlight = new Set<string>();
  const { writes, codec, statement } = database;
  // Every keyed write runs both (hot-path statements, see platform/db/statements.ts).
  const lookup = statement('select request_hash, status_code, response_body from idempotency_keys where actor_id = ? and key = ?');
  const record = statement('insert into idempotency_keys (actor_id, key, request_hash, status_code, response_body, created_at) values (?, ?, ?, ?, ?, ?)');

  return async function idempotentWrite<T>(
    req: FastifyRequest,
    reply: FastifyReply,
    effect: (trx: Transaction<any>) => Promise<WriteResult<T>>,
  ): Promise<void> {
    const key = req.headers['idempotency-key'];
    const mode = req.routeOptions.config?.idempotency ?? 'optional';
    if (key === undefined) {
      if (mode === 'required') {
        throw new AppError(400, 'idempotency_key_required', '缺少 Idempotency-Key 请求头', 'Idempotency-Key header is required', [
          { path: 'headers.idempotency-key', code: 'required', message: '必填', messageEn: 'is required' },
        ]);
      }
      const r = await writes.run(effect);
      reply.status(r.status).send(r.body);
      return;
    }
    if (typeof key !== 'string' || !KEY_RE.test(key)) {
      throw new AppError(400, 'validation_failed', 'Idempotency-Key 格式不正确', 'Idempotency-Key has an invalid format', [
        { path: 'headers.idempotency-key', code: 'format', message: '应为 8–128 位字母、数字或 _.:-', messageEn: 'must be 8–128 of [A-Za-z0-9_.:-]' },
      ]);
    }
    const actor = req.principal?.id ?? 'anonymous';
    const fingerprint = sha256(`${req.method} ${req.routeOptions.url}\n${JSON.stringify(req.params ?? {})}\n${JSON.stringify(req.body ?? null)}`);
    const slot = `${actor}\u0000${key}`;
    const replay = (row: LedgerRow): void => {
      if (row.request_hash !== fingerprint) {
        throw new AppError(422, 'idempotency_key_reused', '同一 Idempotency-Key 被用于不同的请求内容', 'Idempotency-Key was already used with a different payload');
      }
      reply.header('idempotent-replayed', 'true');
      reply.status(Number(row.status_code)).send(JSON.parse(row.response_body));
    };
    // The ledger is read inside the write's transaction only: a read outside it would wait for the pending group
    // commit on SQLite's single connection anyway, and a replay is rare.
    if (inFlight.has(slot)) {
      throw new AppError(409, 'idempotency_in_flight', '相同请求正在处理中', 'A request with this Idempotency-Key is still in flight');
    }
    inFlight.add(slot);
    try {
      const r = await writes.run(async (trx) => {
        // Checked inside the transaction, so a key committed meanwhile (by this or another process) is seen.
        const again = await lookup.get<LedgerRow>(trx, [actor, key]);
        if (again) return { replayRow: again };
        const out = await effect(trx);
        await record.run(trx, [actor, key, fingerprint, out.status, JSON.stringify(out.body), codec.ts(now())]);
        return { out };
      });
      if ('replayRow' in r && r.replayRow) return replay(r.replayRow as LedgerRow);
      const out = (r as { out: WriteResult<T> }).out;
      reply.status(out.status).send(out.body);
    } finally {
      inFlight.delete(slot);
    }
  };
}

export type IdempotentWrite = ReturnType<typeof createIdempotency>;
