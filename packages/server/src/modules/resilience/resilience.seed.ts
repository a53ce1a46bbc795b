import type { Principal } from '../../http/auth-context';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import { INDICATORS } from './resilience.catalogue';
import { quarterOf, type Resilience, type StoredItem } from './resilience.service';

/** The manual levels of the three past quarters (oldest first) and their evidence (invented): the community improving. */
const PAST: Array<Record<string, [number, string]>> = [
  {
    staff_training: [1, '网格员仅参加过一次线上培训，无考核记录。'], public_education: [1, '宣传栏张贴防疫海报，无专题讲座。'], info_release: [2, '有信息上报流程，辟谣依赖街道通报。'],
    supplies_reserve: [1, '口罩、消毒液约 2 天用量，无台账。'], lanes_clear: [0, '问卷与巡查均显示应急通道长期被车辆占用。'], tech_backup: [1, '仅依靠微信群通知，无应急广播。'],
    psych_support: [0, '尚无心理疏导渠道。'], party_mobilisation: [2, '在职党员报到 30 余人，未编组。'], resident_drill: [0, '本季度未组织居民演练。'],
  },
  {
    staff_training: [2, '组织全体网格员应急培训一次，签到 12 人。'], public_education: [2, '开展应急知识讲座一次，约 40 名居民参加。'], info_release: [2, '明确信息发布责任人。'],
    supplies_reserve: [2, '建立物资台账，储备约 4 天用量。'], lanes_clear: [1, '开展清障行动一次，3 号楼通道仍有占用。'], tech_backup: [2, '配备 2 台对讲机和离线名册。'],
    psych_support: [1, '联系街道社工站提供心理热线。'], party_mobilisation: [3, '党员按楼栋编组，明确应急分工。'], resident_drill: [1, '组织一次小范围消防疏散演练。'],
  },
  {
    staff_training: [3, '完成年度培训计划的两次培训并考核。'], public_education: [3, '每月宣传一次，覆盖独居老人上门宣讲。'], info_release: [3, '信息发布、上报、辟谣流程写入制度并执行。'],
    supplies_reserve: [3, '储备约 7 天用量，按月轮换。'], lanes_clear: [2, '通道划线标识并纳入巡查，偶有占用。'], tech_backup: [3, '安装应急广播，断网联络演练一次。'],
    psych_support: [2, '成立由社工和志愿者组成的疏导小组。'], party_mobilisation: [3, '与 3 家驻区单位签订联动协议。'], resident_drill: [2, '约 80 名居民参加台风疏散演练。'],
  },
];

/**
 * 韧性评估 demo (ADR 0092): the community's three past quarterly assessments, finalised, so the trend shows — their
 * automatic indicators computed from the demo data as of each quarter's end, their manual scores and evidence invented
 * (improving). The current quarter is left for the user to assess. Past states are written as they would stand.
 * Idempotent: skipped once the community has an assessment.
 */
export async function seedResilienceDemo(platform: Platform, resilience: Resilience, audit: AuditService, actor: AuditActor, admin: Principal) {
  const { db, codec, writes } = platform.database;
  if (await db.selectFrom('resilience_assessments').select('id').where('org_id', '=', admin.orgId).limit(1).executeTakeFirst()) return 0;
  const now = platform.clock.now();
  // Shanghai year and quarter of now; the three quarters before it end on the day before their successor starts.
  const local = new Date(now.getTime() + 8 * 3_600_000);
  let y = local.getUTCFullYear();
  let q = Math.floor(local.getUTCMonth() / 3);
  const ends: Date[] = [];
  for (let i = 0; i < 3; i++) {
    // The quarter (y, q) starts at month 3q (Shanghai midnight); the one before it is assessed at noon of its last day.
    const start = Date.UTC(y, q * 3, 1) - 8 * 3_600_000;
    ends.unshift(new Date(start - 12 * 3_600_000));
    q -= 1;
    if (q < 0) { q = 3; y -= 1; }
  }
  let n = 0;
  for (const [i, asOf] of ends.entries()) {
    const manual = new Map(Object.entries(PAST[i]!).map(([code, [level, evidence]]) => [code, { level, evidence, scoredBy: admin.id, scoredAt: codec.ts(asOf) }]));
    const items: StoredItem[] = await resilience.compose(admin.orgPath, asOf, manual);
    if (items.length !== INDICATORS.length) continue;
    const id = uuidv7();
    await writes.run(async (trx) => {
      await trx.insertInto('resilience_assessments').values({
        id, org_id: admin.orgId, org_path: admin.orgPath, period: quarterOf(asOf), as_of: codec.ts(asOf), status: 'final', items: codec.json(items),
        scores: codec.json(resilience.scoresFor(items)), created_by: admin.id, created_at: codec.ts(asOf), updated_at: codec.ts(asOf),
        finalised_at: codec.ts(asOf), finalised_by: admin.id, version: 2,
      }).execute();
      await audit.append(trx, actor, { action: 'resilience.seed', objectType: 'resilience_assessment', objectId: id, outcome: 'success', purpose: 'command', fields: ['items', 'scores'] });
    });
    n += 1;
  }
  return n;
}
