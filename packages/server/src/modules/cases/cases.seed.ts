import { makeCnId } from '@renxing/shared';
import type { Principal } from '../../http/auth-context';
import type { Platform } from '../../platform/context';
import type { AuditActor } from '../audit';
import { ymdOf } from '../privacy';
import { demoIdentities } from '../registry';
import type { Cases } from './cases.service';

/**
 * 病例与密接 demo (ADR 0084): a case from outside the district (a returnee's travel companion) who infected a resident of
 * the demo community; that resident's close contacts (one since a case himself, one by phone only) and a secondary
 * contact; the close contacts sent as a follow-up list. Synthetic people only. Idempotent: skipped once a case exists.
 */
export async function seedCasesDemo(platform: Platform, cases: Cases, actor: AuditActor, o: { district: Principal; gridId: string }): Promise<void> {
  const { db, codec } = platform.database;
  if (await db.selectFrom('cases').select('id').limit(1).executeTakeFirst()) return;
  const [person] = await demoIdentities(db, codec, platform.crypto, o.gridId, 1).then((xs) => xs.slice(-1));
  if (!person) return;
  const now = platform.clock.now();
  const day = (d: number) => ymdOf(new Date(now.getTime() - d * 86_400_000));
  const source = await cases.create(o.district, actor, {
    classification: 'confirmed', reportedOn: day(4), onsetOn: day(5), name: '沈立新', idNumber: makeCnId('310115', '1979-06-21', 113), phone: '13816620001',
    exposureNote: '上海返回途中同车',
  });
  const index = await cases.create(o.district, actor, {
    classification: 'confirmed', reportedOn: day(2), onsetOn: day(3), residentId: person.id, exposureNote: '与沈某同乘一辆车返回', sourceCaseId: source.id,
  });
  const close = async (name: string, more: { idNumber?: string; phone?: string; address?: string }, setting: 'household' | 'work' | 'dining', exposed: number) =>
    cases.addContact(o.district, actor, index.id, { kind: 'close', name, ...more, exposureOn: day(exposed), setting });
  const a = await close('韩佳怡', { idNumber: makeCnId('330902', '1992-11-03', 208), phone: '13957800121' }, 'household', 3);
  await close('邵东明', { phone: '13957800122' }, 'work', 3);
  await close('魏晓雯', { idNumber: makeCnId('330902', '1986-04-17', 346), address: `${person.address}` }, 'dining', 4);
  await cases.addContact(o.district, actor, index.id, { kind: 'secondary', name: '冯子豪', phone: '13957800123', exposureOn: day(2), setting: 'work', viaContactId: a.id });
  await cases.toCase(o.district, actor, index.id, a.id, { classification: 'asymptomatic', reportedOn: day(1) });
  await cases.followUp(o.district, actor, index.id, { kind: 'close', dueAt: new Date(now.getTime() + 8 * 3_600_000) });
}
