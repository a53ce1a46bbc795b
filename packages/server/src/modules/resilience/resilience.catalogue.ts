/**
 * 韧性评估 indicator catalogue (ADR 0092): the four dimensions, the eight emergency capacities of the thesis, and the
 * indicators — each with its dimension, capacity, how it is measured, the thresholds mapping its value to a UNDRR
 * Disaster Resilience Scorecard style level (0 = none … 5 = comprehensive) and a suggestion shown when it is weak.
 */
export const DIMENSIONS = ['organisational', 'institutional', 'physical', 'technical'] as const;
export const CAPACITIES = ['cognition', 'information', 'monitoring', 'response', 'support', 'residents', 'guidance', 'mobilisation'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type Capacity = (typeof CAPACITIES)[number];
export type ZhEn = readonly [string, string];

export const DIMENSION_NAMES: Record<Dimension, ZhEn> = {
  organisational: ['组织韧性', 'Organisational'], institutional: ['制度韧性', 'Institutional'], physical: ['物理韧性', 'Physical'], technical: ['技术韧性', 'Technical'],
};
export const CAPACITY_NAMES: Record<Capacity, ZhEn> = {
  cognition: ['应急认知', 'Risk awareness'], information: ['信息处理', 'Information handling'], monitoring: ['监测预警', 'Monitoring and warning'],
  response: ['应急处置', 'Response'], support: ['应急保障', 'Support and supplies'], residents: ['居民反应', 'Residents’ response'],
  guidance: ['社会疏导', 'Social guidance'], mobilisation: ['应急动员', 'Mobilisation'],
};
/** UNDRR scorecard style level names. */
export const LEVEL_NAMES: ZhEn[] = [
  ['无', 'None'], ['起步', 'Minimal'], ['初步', 'Basic'], ['中等', 'Moderate'], ['良好', 'Good'], ['全面', 'Comprehensive'],
];

/** Days the time-bound automatic indicators look back. */
export const WINDOW_DAYS = { selfReports: 7, warnings: 90, complaints: 90, rollCalls: 90, drills: 365, surveys: 365 } as const;
/** A warning alert counts as acknowledged in time within this many hours of being raised. */
export const ACK_HOURS = 24;
/** Indicators at or below this level are listed as the weakest, with their suggestion. */
export const WEAK_LEVEL = 2;

export type Indicator = {
  code: string; kind: 'auto' | 'manual'; dimension: Dimension; capacity: Capacity; name: ZhEn; measure: ZhEn; unit: ZhEn;
  /** Ascending: the level is the number of thresholds the value reaches (value ≥ t). Manual indicators: the level is scored. */
  thresholds: readonly [number, number, number, number, number] | null; suggestion: ZhEn;
};

const auto = (code: string, dimension: Dimension, capacity: Capacity, name: ZhEn, measure: ZhEn, unit: ZhEn, thresholds: Indicator['thresholds'], suggestion: ZhEn): Indicator =>
  ({ code, kind: 'auto', dimension, capacity, name, measure, unit, thresholds, suggestion });
const manual = (code: string, dimension: Dimension, capacity: Capacity, name: ZhEn, measure: ZhEn, suggestion: ZhEn): Indicator =>
  ({ code, kind: 'manual', dimension, capacity, name, measure, unit: ['级', 'level'], thresholds: null, suggestion });

export const INDICATORS: readonly Indicator[] = [
  auto('grid_coverage', 'organisational', 'information', ['网格覆盖率', 'Grid coverage'],
    ['在册居民中，所在网格有网格员（网格员账号或网格员分派）的比例', 'Share of registered residents whose grid has a grid worker (an account of the grid or an assignment)'], ['%', '%'], [50, 70, 85, 95, 100],
    ['为空缺网格配备网格员，明确楼栋长，做到“人在格中、格中有人”。', 'Assign a grid worker to every grid without one and name building leads.']),
  auto('self_report_coverage', 'technical', 'residents', ['健康自报覆盖率', 'Self-report coverage'],
    [`近 ${WINDOW_DAYS.selfReports} 天内至少自报一次健康状况的在册居民比例`, `Share of registered residents with a self-report in the last ${WINDOW_DAYS.selfReports} days`], ['%', '%'], [5, 15, 30, 50, 70],
    ['在业主群推广健康自报二维码，由网格员协助老人代报。', 'Promote the self-report QR code in residents’ groups; grid workers report for elderly residents.']),
  auto('warning_ack', 'technical', 'monitoring', ['预警按时确认率', 'Warnings acknowledged in time'],
    [`近 ${WINDOW_DAYS.warnings} 天的预警中，${ACK_HOURS} 小时内被确认的比例`, `Share of the last ${WINDOW_DAYS.warnings} days’ warning alerts acknowledged within ${ACK_HOURS} h`], ['%', '%'], [20, 40, 60, 80, 95],
    ['明确预警值班人，预警推送后当日确认并记录处置。', 'Name who is on duty for warnings; acknowledge and record the handling the same day.']),
  auto('plan_drilled', 'institutional', 'response', ['预案演练率', 'Plans drilled'],
    [`已发布应急预案中，近 ${WINDOW_DAYS.drills} 天内完成过演练的比例（无已发布预案为 0）`, `Share of the active emergency plans with a drill finished in the last ${WINDOW_DAYS.drills} days (none published: 0)`], ['%', '%'], [1, 25, 50, 75, 100],
    ['每份预案每年至少组织一次桌面推演或实战演练，并按复盘修订预案。', 'Drill every plan at least once a year and revise it from the review.']),
  auto('procedures_published', 'institutional', 'response', ['已发布工作规程', 'Published procedures'],
    ['已发布（有生效版本）的工作规程数量', 'Procedures with a published version'], ['项', 'procedures'], [1, 2, 3, 5, 8],
    ['把排查、隔离、采样、服务等常用流程写成规程并发布，便于新人上手。', 'Write the screening, quarantine, sampling and service routines as published procedures.']),
  auto('volunteers_per_1000', 'organisational', 'mobilisation', ['每千人志愿者数', 'Volunteers per 1,000 residents'],
    ['在册活跃志愿者人数 ÷ 在册居民数 × 1000', 'Active volunteers ÷ registered residents × 1,000'], ['人/千人', 'per 1,000'], [1, 3, 5, 10, 20],
    ['发动党员、退休职工和青年加入志愿者队伍，按技能编组。', 'Recruit party members, retirees and young residents as volunteers, grouped by skill.']),
  auto('shelter_capacity', 'physical', 'support', ['避难场所容量', 'Shelter capacity'],
    ['未关闭的避难场所可容纳人数占在册居民数的比例', 'Capacity of the shelters not closed as a share of registered residents'], ['%', '%'], [2, 5, 10, 20, 30],
    ['与学校、体育场馆签订应急避难协议，增加可用场所并定期检查。', 'Agree emergency use of schools and sports halls; inspect them regularly.']),
  auto('complaint_sla', 'organisational', 'guidance', ['投诉按时办结率', 'Complaints closed in time'],
    [`近 ${WINDOW_DAYS.complaints} 天到期的投诉中，按时办结的比例`, `Share of the complaints due in the last ${WINDOW_DAYS.complaints} days closed by their due time`], ['%', '%'], [50, 70, 85, 95, 100],
    ['每日检查待办投诉，临近到期的及时指派并回复居民。', 'Check open complaints daily; assign those close to their due time and answer the resident.']),
  auto('vulnerable_roll_call', 'organisational', 'response', ['重点人群点名覆盖', 'Vulnerable residents on a roll call'],
    [`有关爱标签的居民中，近 ${WINDOW_DAYS.rollCalls} 天被点名确认过的比例`, `Share of residents with a care tag on a roll call in the last ${WINDOW_DAYS.rollCalls} days`], ['%', '%'], [20, 40, 60, 80, 95],
    ['每季度至少对独居老人、残障等重点人群开展一次点名确认。', 'Run a roll call of the elderly living alone, the disabled and other vulnerable residents every quarter.']),
  auto('survey_positive', 'organisational', 'support', ['居民问卷正面评价', 'Residents’ survey: positive answers'],
    [`近 ${WINDOW_DAYS.surveys} 天最近结束的问卷（至少 5 份答卷）中，单选题选第一项（正面选项）的比例及打分题得分率的平均`, `The most recent survey closed in the last ${WINDOW_DAYS.surveys} days (5+ answers): mean share choosing the first (positive) option of its single-choice questions and score rate of its scale questions`], ['%', '%'], [10, 30, 50, 70, 90],
    ['针对问卷反映的短板（如应急通道占用、物资保障）制定整改措施并公示。', 'Act on what the survey shows (blocked emergency lanes, supplies) and publish the measures.']),
  manual('staff_training', 'organisational', 'cognition', ['工作人员应急培训', 'Staff emergency training'],
    ['社区工作人员、网格员参加应急知识和技能培训的情况', 'Emergency training of community staff and grid workers'],
    ['制定年度培训计划，覆盖全部网格员并留存签到与考核记录。', 'Plan yearly training covering every grid worker; keep attendance and test records.']),
  manual('public_education', 'institutional', 'cognition', ['居民应急宣传教育', 'Public emergency education'],
    ['面向居民的应急知识宣传、讲座和宣传品发放制度', 'Regular emergency education of residents (talks, leaflets, notices)'],
    ['每季度开展一次应急知识宣传，重点覆盖老人和外来人员。', 'Hold emergency education every quarter, reaching the elderly and newcomers.']),
  manual('info_release', 'institutional', 'information', ['信息发布与报送机制', 'Information release and reporting'],
    ['突发事件信息的发布、上报、辟谣流程是否明确并落实', 'Whether releasing, reporting and rumour-correcting information follows a set routine'],
    ['明确信息发布责任人和上报时限，建立居民群辟谣机制。', 'Name who releases information and the reporting deadlines; set up rumour correction in residents’ groups.']),
  manual('supplies_reserve', 'physical', 'support', ['应急物资储备', 'Emergency supplies reserve'],
    ['口罩、消毒液、药品、食品等应急物资的储备天数与台账', 'Days of stock and the ledger of masks, disinfectant, medicine and food'],
    ['按常住人口测算至少 7 天的物资储备，建立台账并定期轮换。', 'Keep at least 7 days of stock for the resident population with a ledger and rotation.']),
  manual('lanes_clear', 'physical', 'response', ['应急通道畅通', 'Emergency lanes kept clear'],
    ['消防和应急通道是否畅通、有无长期占用', 'Whether fire and emergency lanes are clear, without long-term obstruction'],
    ['开展通道清障专项行动，划线标识并纳入巡查。', 'Clear the lanes, mark them and add them to the patrol rounds.']),
  manual('tech_backup', 'technical', 'information', ['信息系统与通信保障', 'Systems and communications backup'],
    ['断网、断电时的通信手段、数据备份和应急广播', 'Communications, data backup and public address when the network or power fails'],
    ['配备应急广播、对讲机和离线名册，定期演练断网情况下的联络。', 'Keep a public address system, radios and an offline roster; practise contact without the network.']),
  manual('psych_support', 'institutional', 'guidance', ['心理疏导与矛盾调处', 'Psychological support and mediation'],
    ['心理热线、疏导队伍和邻里矛盾调处机制', 'A counselling line, a support team and neighbourhood mediation'],
    ['联系专业社工或心理咨询师建立疏导小组，公布求助渠道。', 'Form a support group with social workers or counsellors and publish how to reach it.']),
  manual('party_mobilisation', 'organisational', 'mobilisation', ['党员与社会力量动员', 'Mobilising party members and partners'],
    ['党员报到、驻区单位和社会组织参与应急的机制', 'Party members reporting for duty and local organisations joining the response'],
    ['建立党员“双报到”和驻区单位联动清单，明确应急时的分工。', 'Keep a list of party members and partner organisations with their tasks in an emergency.']),
  manual('resident_drill', 'organisational', 'residents', ['居民参与演练', 'Residents taking part in drills'],
    ['居民参加疏散、自救互救演练的情况', 'Residents taking part in evacuation and first-aid drills'],
    ['每年组织一次居民参与的疏散演练，楼栋长负责动员。', 'Hold a residents’ evacuation drill every year, mobilised by the building leads.']),
];
export const INDICATOR_BY_CODE = new Map(INDICATORS.map((i) => [i.code, i]));

/** The level a value reaches: how many of the ascending thresholds it meets (0–5). */
export function levelOf(value: number, thresholds: readonly number[]): number {
  return thresholds.filter((t) => value >= t).length;
}

export type ScoredItem = { code: string; level: number | null };
export type Scores = {
  overall: number | null;
  capacities: Record<Capacity, number | null>;
  dimensions: Record<Dimension, number | null>;
  weakest: string[];
};
const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null);

/**
 * The scoring rule (ADR 0092): a capacity's and a dimension's score is the mean of the levels of its indicators that
 * have a level (an automatic indicator with nothing to measure — no warnings raised, no complaints due — has none and
 * does not count), rounded to one decimal; the overall score is the mean of all levels. The weakest are the indicators
 * at level ≤ WEAK_LEVEL, lowest first.
 */
export function scoresOf(items: ScoredItem[]): Scores {
  const levels = (pick: (i: Indicator) => boolean) => items.filter((x) => x.level !== null && pick(INDICATOR_BY_CODE.get(x.code)!)).map((x) => x.level!);
  const capacities = Object.fromEntries(CAPACITIES.map((c) => [c, mean(levels((i) => i.capacity === c))])) as Record<Capacity, number | null>;
  const dimensions = Object.fromEntries(DIMENSIONS.map((d) => [d, mean(levels((i) => i.dimension === d))])) as Record<Dimension, number | null>;
  const order = new Map(INDICATORS.map((i, n) => [i.code, n]));
  const weakest = items.filter((x) => x.level !== null && x.level <= WEAK_LEVEL)
    .sort((a, b) => a.level! - b.level! || order.get(a.code)! - order.get(b.code)!).map((x) => x.code);
  return { overall: mean(levels(() => true)), capacities, dimensions, weakest };
}
