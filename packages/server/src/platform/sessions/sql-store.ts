import type { Database } from '../db/database';
import type { Session, SessionStore } from './session-store';

/** Sessions in the `sessions` table (writes go through the group-commit queue). */
export function createSqlSessionStore(database: Database): SessionStore {
  const { db, codec, writes } = database;
  const toRow = (s: Session) => ({
    id: s.id, user_id: s.userId, csrf_token: s.csrfToken, created_at: codec.ts(s.createdAt), last_seen_at: codec.ts(s.lastSeenAt),
    expires_at: codec.ts(s.expiresAt), user_agent_hash: s.userAgentHash, mfa_at: s.mfaAt ? codec.ts(s.mfaAt) : null,
    device_label: s.deviceLabel, ip_network: s.ipNetwork, step_up_at: s.stepUpAt ? codec.ts(s.stepUpAt) : null,
  });
  const fromRow = (r: Record<string, any>): Session => ({
    id: r.id, userId: r.user_id, csrfToken: r.csrf_token, createdAt: codec.readTs(r.created_at)!, lastSeenAt: codec.readTs(r.last_seen_at)!,
    expiresAt: codec.readTs(r.expires_at)!, userAgentHash: r.user_agent_hash, mfaAt: codec.readTs(r.mfa_at),
    deviceLabel: r.device_label ?? null, ipNetwork: r.ip_network ?? null, stepUpAt: codec.readTs(r.step_up_at),
  });
  return {
    kind: 'sql',
    async create(s) {
      await writes.run((trx) => trx.insertInto('sessions').values(toRow(s)).execute());
    },
    async get(id) {
      const r = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? fromRow(r) : null;
    },
    async listForUsers(userIds) {
      if (userIds.length === 0) return [];
      const rows = await db.selectFrom('sessions').selectAll().where('user_id', 'in', [...userIds]).execute();
      return rows.map(fromRow);
    },
    async touch(id, at) {
      await writes.run((trx) => trx.updateTable('sessions').set({ last_seen_at: codec.ts(at) }).where('id', '=', id).execute());
    },
    async markMfa(id, at) {
      await writes.run((trx) => trx.updateTable('sessions').set({ mfa_at: codec.ts(at) }).where('id', '=', id).execute());
    },
    async markStepUp(id, at) {
      await writes.run((trx) => trx.updateTable('sessions').set({ step_up_at: codec.ts(at) }).where('id', '=', id).execute());
    },
    async delete(id) {
      await writes.run((trx) => trx.deleteFrom('sessions').where('id', '=', id).execute());
    },
    async deleteForUser(userId, keep) {
      await writes.run((trx) => {
        let q = trx.deleteFrom('sessions').where('user_id', '=', userId);
        if (keep) q = q.where('id', '!=', keep);
        return q.execute();
      });
    },
    async close() {},
  };
}
