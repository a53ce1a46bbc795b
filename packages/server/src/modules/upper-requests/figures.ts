import type { Platform } from '../../platform/context';
import { gateFigures } from '../gates';
import { complaintFigures } from '../public-info';
import { quarantineFigures } from '../quarantine';
import { residentFigures } from '../registry';
import { samplingFigures } from '../sampling';
import { selfReportFigures } from '../self-reports';
import { supplyFigures } from '../supplies';
import { volunteerFigures } from '../volunteers';

/**
 * The figure catalogue (ADR 0093): what a request may ask for and what the daily report shows, each read from live data
 * through the owning module's index.ts — counts and sums of an area, never a person. `day` is the Shanghai date the
 * day-bound figures are read for; stock and open complaints are as they stand when read.
 */
export const SECTIONS = {
  population: ['人口底数', 'Population'],
  health: ['健康监测', 'Health monitoring'],
  control: ['核酸与隔离', 'Testing and quarantine'],
  gates: ['卡口通行', 'Gates'],
  support: ['物资与志愿服务', 'Supplies and volunteers'],
  complaints: ['群众诉求', 'Complaints'],
} as const;
export type Section = keyof typeof SECTIONS;

type Group = 'residents' | 'selfReports' | 'sampling' | 'quarantine' | 'gates' | 'supplies' | 'volunteers' | 'complaints';
type Def = { section: Section; group: Group; zh: string; en: string; unit: [string, string]; source: [string, string] };
const P: [string, string] = ['人', 'people'];

export const FIGURES = {
  residents_active: { section: 'population', group: 'residents', zh: '在册常住人口', en: 'Residents on the register', unit: P, source: ['人口台账', 'Resident register'] },
  residents_floating: { section: 'population', group: 'residents', zh: '流动人口', en: 'Floating population', unit: P, source: ['人口台账', 'Resident register'] },
  residents_elderly60: { section: 'population', group: 'residents', zh: '60岁以上老人', en: 'Residents aged 60+', unit: P, source: ['人口台账（关爱标签）', 'Resident register (care tags)'] },
  residents_care: { section: 'population', group: 'residents', zh: '重点关爱人员', en: 'Residents needing care', unit: P, source: ['人口台账（关爱标签）', 'Resident register (care tags)'] },
  self_reported: { section: 'health', group: 'selfReports', zh: '当日健康自报人数', en: 'Self-reported today', unit: P, source: ['健康自报', 'Self-reports'] },
  self_report_coverage: { section: 'health', group: 'selfReports', zh: '健康自报覆盖率', en: 'Self-report coverage', unit: ['%', '%'], source: ['健康自报 ÷ 人口台账', 'Self-reports ÷ register'] },
  fever: { section: 'health', group: 'selfReports', zh: '发热人数', en: 'With fever', unit: P, source: ['健康自报', 'Self-reports'] },
  sampled: { section: 'control', group: 'sampling', zh: '当日核酸采样人数', en: 'Sampled today', unit: P, source: ['核酸采样', 'Sampling'] },
  sampling_coverage: { section: 'control', group: 'sampling', zh: '核酸采样覆盖率', en: 'Sampling coverage', unit: ['%', '%'], source: ['核酸采样 ÷ 人口台账', 'Sampling ÷ register'] },
  home_quarantine: { section: 'control', group: 'quarantine', zh: '居家隔离人数', en: 'In home quarantine', unit: P, source: ['隔离管理', 'Quarantine'] },
  health_monitoring: { section: 'control', group: 'quarantine', zh: '居家健康监测人数', en: 'Under health monitoring', unit: P, source: ['隔离管理', 'Quarantine'] },
  gate_in: { section: 'gates', group: 'gates', zh: '卡口进入人次', en: 'Gate entries', unit: ['人次', 'passages'], source: ['卡口通行记录', 'Gate records'] },
  gate_out: { section: 'gates', group: 'gates', zh: '卡口外出人次', en: 'Gate exits', unit: ['人次', 'passages'], source: ['卡口通行记录', 'Gate records'] },
  gate_denied: { section: 'gates', group: 'gates', zh: '卡口劝返人次', en: 'Turned away at gates', unit: ['人次', 'passages'], source: ['卡口通行记录', 'Gate records'] },
  supply_units: { section: 'support', group: 'supplies', zh: '物资库存总量', en: 'Supplies in stock', unit: ['件', 'units'], source: ['物资仓库', 'Warehouses'] },
  supply_items: { section: 'support', group: 'supplies', zh: '库存物资品类', en: 'Kinds of supplies in stock', unit: ['类', 'kinds'], source: ['物资仓库', 'Warehouses'] },
  volunteer_people: { section: 'support', group: 'volunteers', zh: '当日上岗志愿者', en: 'Volunteers on duty', unit: P, source: ['志愿者排班', 'Volunteer shifts'] },
  volunteer_hours: { section: 'support', group: 'volunteers', zh: '志愿服务时长', en: 'Volunteer hours', unit: ['小时', 'hours'], source: ['志愿者排班', 'Volunteer shifts'] },
  complaints_received: { section: 'complaints', group: 'complaints', zh: '当日新收投诉', en: 'Complaints received', unit: ['件', 'complaints'], source: ['投诉受理', 'Complaints'] },
  complaints_open: { section: 'complaints', group: 'complaints', zh: '未办结投诉', en: 'Open complaints', unit: ['件', 'complaints'], source: ['投诉受理', 'Complaints'] },
  complaints_overdue: { section: 'complaints', group: 'complaints', zh: '超时未办结投诉', en: 'Overdue complaints', unit: ['件', 'complaints'], source: ['投诉受理', 'Complaints'] },
} as const satisfies Record<string, Def>;
export type FigureCode = keyof typeof FIGURES;
export const FIGURE_CODES = Object.keys(FIGURES) as [FigureCode, ...FigureCode[]];

const pct = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 1000) / 10 : 0);

/** Read `codes` (all when omitted) for the area at `areaPath` on `day`: value per code, and when they were read. */
export async function readFigures(platform: Platform, areaPath: string, day: string, codes: readonly FigureCode[] = FIGURE_CODES) {
  const { db, codec } = platform.database;
  const now = platform.clock.now();
  const groups = new Set(codes.map((c) => FIGURES[c].group as Group));
  // Coverage needs the register's count too.
  if (codes.includes('self_report_coverage') || codes.includes('sampling_coverage')) groups.add('residents');
  const out: Partial<Record<FigureCode, number>> = {};
  const [res, sr, sa, q, g, su, v, c] = await Promise.all([
    groups.has('residents') ? residentFigures(db, codec, areaPath) : null,
    groups.has('selfReports') ? selfReportFigures(db, codec, areaPath, day) : null,
    groups.has('sampling') ? samplingFigures(db, codec, areaPath, day) : null,
    groups.has('quarantine') ? quarantineFigures(db, codec, areaPath, day) : null,
    groups.has('gates') ? gateFigures(db, codec, areaPath, day) : null,
    groups.has('supplies') ? supplyFigures(db, codec, areaPath) : null,
    groups.has('volunteers') ? volunteerFigures(db, codec, areaPath, day) : null,
    groups.has('complaints') ? complaintFigures(db, codec, areaPath, day, now) : null,
  ]);
  if (res) {
    out.residents_active = res.active;
    out.residents_floating = (res.types.floating ?? 0) + (res.types.tenant ?? 0);
    out.residents_elderly60 = res.care.elderly60 ?? 0;
    out.residents_care = res.anyCare;
  }
  if (sr) {
    out.self_reported = sr.reported;
    out.fever = sr.fever;
    out.self_report_coverage = pct(sr.reported, res?.active ?? 0);
  }
  if (sa) {
    out.sampled = sa.sampled;
    out.sampling_coverage = pct(sa.sampled, res?.active ?? 0);
  }
  if (q) { out.home_quarantine = q.home; out.health_monitoring = q.monitoring; }
  if (g) { out.gate_in = g.in; out.gate_out = g.out; out.gate_denied = g.denied; }
  if (su) { out.supply_units = su.units; out.supply_items = su.items; }
  if (v) { out.volunteer_people = v.people; out.volunteer_hours = v.hours; }
  if (c) { out.complaints_received = c.received; out.complaints_open = c.open; out.complaints_overdue = c.overdue; }
  const values = Object.fromEntries(codes.map((k) => [k, out[k] ?? 0])) as Record<FigureCode, number>;
  return { values, readAt: now.toISOString() };
}

export function figureMeta(code: FigureCode) {
  const f: Def = FIGURES[code];
  return { code, section: f.section, zh: f.zh, en: f.en, unit: { zh: f.unit[0], en: f.unit[1] }, source: { zh: f.source[0], en: f.source[1] } };
}
