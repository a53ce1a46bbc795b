import { Converter } from 'opencc-js/cn2t';
import type { Principal } from '../../http/auth-context';
import type { Platform } from '../../platform/context';
import type { AuditActor } from '../audit';
import { demoIdentities, type Sheet } from '../registry';
import type { Screening } from './screening.service';

const toTraditional = Converter({ from: 'cn', to: 'tw' });
const maskId = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;
const maskPhone = (p: string) => `${p.slice(0, 3)}****${p.slice(-4)}`;

/**
 * 大数据+网格 screening demo (ADR 0083): this morning the district imported the data team's list of close contacts —
 * rows as such lists come (full and masked numbers, a name in traditional characters, an address only), matched,
 * filtered and routed by the live rules; one row with a wrong check digit is reported. Idempotent: skipped once a list
 * exists.
 */
export async function seedScreeningDemo(platform: Platform, screening: Screening, actor: AuditActor, o: {
  district: Principal; grids: readonly string[]; communityName: string;
}): Promise<void> {
  const { db, codec } = platform.database;
  if (await db.selectFrom('screening_lists').select('id').limit(1).executeTakeFirst()) return;
  const [g1, g2] = o.grids;
  if (!g1 || !g2) return;
  const a = await demoIdentities(db, codec, platform.crypto, g1, 4);
  const b = await demoIdentities(db, codec, platform.crypto, g2, 2);
  if (a.length < 3 || b.length < 1) return;
  const day = (d: number) => new Date(platform.clock.now().getTime() - d * 86_400_000).toISOString().slice(0, 10);
  const rows: string[][] = [
    [a[0]!.name, a[0]!.idNumber, a[0]!.phone ?? '', '', day(1), '上海市浦东新区', ''],
    [toTraditional(a[1]!.name), maskId(a[1]!.idNumber), a[1]!.phone ? maskPhone(a[1]!.phone) : '', '', day(2), '香港特别行政区', '入境后已完成集中隔离'],
    [a[2]!.name, maskId(a[2]!.idNumber), '', '', day(1), '杭州市西湖区', ''],
    [b[0]!.name, b[0]!.idNumber, '', '', day(3), '宁波市北仑区', ''],
    ['林晓峰', '', '13957800001', `${o.communityName}幸福小区7幢2单元301室`, day(1), '上海市闵行区', '自述租住'],
    ['陈美玲', '330902********4521', '', '舟山市普陀区沈家门街道', day(2), '上海市', ''],
    ['吴海波', `${a[0]!.idNumber.slice(0, 17)}${a[0]!.idNumber.endsWith('0') ? '1' : '0'}`, '', '', day(1), '', ''],
  ];
  const sheet: Sheet = { headers: ['姓名', '身份证号', '手机号', '地址', '抵达日期', '来源地', '备注'], rows: rows.map((cells, i) => ({ row: i + 1, cells })) };
  const due = new Date(platform.clock.now().getTime() + 6 * 3_600_000);
  await screening.create(o.district, actor, { kind: 'close_contact', title: '密切接触者协查名单（第12批）', source: '区疫情防控指挥部数据比对组', dueAt: due }, '密接协查第12批.xlsx', sheet);
}
