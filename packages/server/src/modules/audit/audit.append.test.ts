// The append path (precompiled statements, one group-committed transaction for many appenders) keeps the chain exact:
// an appender rolled back to its savepoint takes its audit row with it, and what append returned is what is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DIALECT, type TestApp } from '../../../test/harness';
import { type AuditActor, systemActor } from './audit.service';

const actor: AuditActor = { actorId: 'u-test', actorRole: 'grid_worker', actorOrg: 'o-test', sessionId: 's1', ip: '127.0.0.1', userAgentHash: 'abcd', requestId: 'req-1' };

describe(`audit append under group commit (${TEST_DIALECT})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('keeps the chain contiguous when one appender in a batch fails after appending', async () => {
    const { audit } = t.services;
    const { writes } = t.platform.database;
    const before = await audit.verify();
    expect(before.ok).toBe(true);
    const batchesBefore = writes.stats.batches;
    const results = await Promise.allSettled(
      Array.from({ length: 9 }, (_, i) =>
        writes.run(async (trx) => {
          const row = await audit.append(trx, actor, { action: 'test', objectType: 'probe', objectId: `p${i}`, fields: ['a', 'b'], count: i, outcome: 'success' });
          if (i % 3 === 1) throw new Error(`fail ${i}`); // appended, then rolled back to its savepoint
          return row;
        }),
      ),
    );
    expect(writes.stats.batches - batchesBefore).toBe(1);
    const ok = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(ok.map((r) => r.objectId)).toEqual(['p0', 'p2', 'p3', 'p5', 'p6', 'p8']);
    // Contiguous ids after the rolled-back appends, each linked to the previous one.
    expect(ok.map((r) => r.id)).toEqual(ok.map((_, i) => before.checked + 1 + i));
    for (let i = 1; i < ok.length; i++) expect(ok[i]!.prevHash).toBe(ok[i - 1]!.hash);
    const after = await audit.verify();
    expect(after).toMatchObject({ ok: true, checked: before.checked + 6, lastHash: ok.at(-1)!.hash });
    // What append returned is exactly what is stored.
    const stored = (await audit.query({ objectType: 'probe', page: 1, pageSize: 50 })).items.reverse();
    expect(stored).toEqual(ok);
  });

  it('writes the head row with every append, so the next appender continues the chain', async () => {
    const { audit } = t.services;
    const r1 = await audit.record(actor, { action: 'test', outcome: 'denied', reason: '核对', purpose: 'epidemic.followup' });
    const r2 = await audit.record(actor, { action: 'test', outcome: 'error', severity: 'high' });
    expect(r2.id).toBe(r1.id + 1);
    expect(r2.prevHash).toBe(r1.hash);
    const head = await t.platform.database.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    expect({ id: Number(head.last_id), hash: head.last_hash }).toEqual({ id: r2.id, hash: r2.hash });
    expect((await audit.verify()).ok).toBe(true);
  });

  it('records the system actor (jobs, CLI, seeding) as role system with its id and nothing else', async () => {
    const { audit } = t.services;
    for (const [i, id] of ['system:cli', null].entries()) await audit.record(systemActor(id), { action: 'system_probe', objectType: 'probe', objectId: `s${i}`, outcome: 'success' });
    const rows = await t.platform.database.db.selectFrom('audit_log')
      .select(['actor_id', 'actor_role', 'actor_org', 'session_id', 'ip', 'user_agent_hash', 'request_id']).where('action', '=', 'system_probe').orderBy('id').execute();
    const blank = { actor_role: 'system', actor_org: null, session_id: null, ip: null, user_agent_hash: null, request_id: null };
    expect(rows).toEqual([{ actor_id: 'system:cli', ...blank }, { actor_id: null, ...blank }]);
    expect((await audit.verify()).ok).toBe(true);
  });
});
