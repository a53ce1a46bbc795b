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
  const { db, writes, codec } = database;

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
    const existing = await db.selectFrom('idempotency_keys').selectAll().where('actor_id', '=', actor).where('key', '=', key).executeTakeFirst();
    if (existing) return replay(existing as LedgerRow);
    if (inFlight.has(slot)) {
      throw new AppError(409, 'idempotency_in_flight', '相同请求正在处理中', 'A request with this Idempotency-Key is still in flight');
    }
    inFlight.add(slot);
    try {
      const r = await writes.run(async (trx) => {
        // Re-check inside the transaction: another process may have committed the key meanwhile.
        const again = await trx.selectFrom('idempotency_keys').selectAll().where('actor_id', '=', actor).where('key', '=', key).executeTakeFirst();
        if (again) return { replayRow: again };
        const out = await effect(trx);
        await trx.insertInto('idempotency_keys').values({
          actor_id: actor, key, request_hash: fingerprint, status_code: out.status, response_body: JSON.stringify(out.body), created_at: codec.ts(now()),
        }).execute();
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
