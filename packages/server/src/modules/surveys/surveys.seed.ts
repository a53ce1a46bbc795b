import type { Principal } from '../../http/auth-context';
import type { Platform } from '../../platform/context';
import type { AuditActor, AuditService } from '../audit';
import type { Answers, Surveys } from './surveys.service';

/** The thesis's survey of A community (38 answers): emergency lanes 7 / 17 / 14, supplies 5 / 33. */
export const THESIS_SURVEY = {
  title: 'A社区疫情防控韧性治理居民问卷（2022）',
  lanes: { id: 'lanes', text: '您所在的社区有没有应急通道？', options: ['社区有通道且畅通', '社区有通道但乱占现象严重', '社区没有应急通道'], counts: [7, 17, 14] },
  supplies: { id: 'supplies', text: '社区有没有解决社区的资金、技术、物资、服务问题？', options: ['解决了', '没有解决'], counts: [5, 33] },
} as const;

/**
 * The demo's surveys (ADR 0077), once (nothing when the community has one): the thesis's own questionnaire, closed, its
 * 38 paper answers reproducing the published figures (44.74 % of households: lanes badly occupied; 36.84 %: no lanes;
 * 86.84 %: supply problems not solved); and an open anonymous winter-preparedness survey with six paper answers
 * (invented) that the demo resident has not answered yet.
 */
export async function seedSurveyDemo(platform: Platform, surveys: Surveys, audit: AuditService, actor: AuditActor, admin: Principal): Promise<number> {
  const { db, writes } = platform.database;
  if (await db.selectFrom('surveys').select('id').where('org_path', '=', admin.orgPath).limit(1).executeTakeFirst()) return 0;
  const run = (write: (trx: any) => Promise<unknown>, action: string, objectId: string) => writes.run(async (trx) => {
    await write(trx);
    await audit.append(trx, actor, { action, objectType: 'survey', objectId, outcome: 'success' });
  });
  const T = THESIS_SURVEY;
  const thesis = await surveys.create(admin, {
    title: T.title, description: '论文《舟山市A社区疫情防控韧性治理研究》中的居民调查（38 份），题目与结果按论文发表的数字录入。', anonymous: true, resultsPublic: true,
    questions: [
      { id: T.lanes.id, kind: 'single', text: T.lanes.text, required: true, options: [...T.lanes.options] },
      { id: T.supplies.id, kind: 'single', text: T.supplies.text, required: true, options: [...T.supplies.options] },
    ],
  });
  await run(thesis.write, 'create', thesis.id);
  await run((await surveys.open(admin, thesis.id, 1)).write, 'open', thesis.id);
  // Answer sheets pairing the two questions' answers so that both totals hold (38 each).
  const lanes = T.lanes.options.flatMap((o, i) => Array<string>(T.lanes.counts[i]!).fill(o));
  const supplies = T.supplies.options.flatMap((o, i) => Array<string>(T.supplies.counts[i]!).fill(o));
  for (let k = 0; k < lanes.length; k++) {
    const sheet = await surveys.paper(admin, thesis.id, { [T.lanes.id]: lanes[k]!, [T.supplies.id]: supplies[(k * 7) % supplies.length]! });
    await run(sheet.write, 'survey_paper', thesis.id);
  }
  await run((await surveys.close(admin, thesis.id, 2)).write, 'close', thesis.id);

  const winter = await surveys.create(admin, {
    title: '2026年冬季防疫与应急准备居民问卷', description: '了解各家的准备情况和需要，帮助社区备好物资、排好志愿者。匿名填写，约 2 分钟。', anonymous: true, resultsPublic: true,
    questions: [
      { id: 'stock', kind: 'single', text: '家里是否备有常用退烧药和口罩？', required: true, options: ['都有', '只有其中一种', '都没有'] },
      { id: 'needs', kind: 'multiple', text: '如果发生疫情或台风，您家最需要社区提供哪些帮助？（可多选）', required: true, options: ['生活物资配送', '买药就医', '独居老人照看', '心理疏导', '及时的信息通知'] },
      { id: 'satisfaction', kind: 'scale', text: '您对社区应急准备工作的总体满意度', required: true, scaleLabels: ['很不满意', '很满意'] },
      { id: 'advice', kind: 'text', text: '您对社区应急准备的建议（选填）', required: false },
    ],
  });
  await run(winter.write, 'create', winter.id);
  await run((await surveys.open(admin, winter.id, 1)).write, 'open', winter.id);
  const sheets: Answers[] = [
    { stock: '都有', needs: ['及时的信息通知'], satisfaction: 4 },
    { stock: '只有其中一种', needs: ['生活物资配送', '买药就医'], satisfaction: 3, advice: '希望楼道里贴一张应急联系人表' },
    { stock: '都没有', needs: ['生活物资配送', '独居老人照看'], satisfaction: 2, advice: '楼下消防通道经常停车，希望管一管' },
    { stock: '都有', needs: ['心理疏导', '及时的信息通知'], satisfaction: 5 },
    { stock: '只有其中一种', needs: ['买药就医'], satisfaction: 4 },
    { stock: '都有', needs: ['生活物资配送'], satisfaction: 4, advice: '预约口罩的时段可以多一些晚上的' },
  ];
  for (const s of sheets) {
    const sheet = await surveys.paper(admin, winter.id, s);
    await run(sheet.write, 'survey_paper', winter.id);
  }
  return 2;
}
