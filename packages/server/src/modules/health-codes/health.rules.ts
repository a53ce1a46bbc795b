/**
 * 健康码 (ADR 0082): the closed list of reasons a colour may change for (epidemic control only, AUD-05), and the local
 * signal — what the community's own facts say the colour should be, with why. Pure.
 */
export type Colour = 'green' | 'yellow' | 'red';
export const COLOURS = ['green', 'yellow', 'red'] as const;

export const HEALTH_REASONS = [
  { code: 'close_contact', zh: '密切接触者', en: 'Close contact', colours: ['red', 'yellow'] },
  { code: 'secondary_contact', zh: '密接的密接', en: 'Contact of a close contact', colours: ['yellow', 'red'] },
  { code: 'risk_area', zh: '中高风险地区旅居', en: 'Stay in a medium- or high-risk area', colours: ['yellow', 'red'] },
  { code: 'positive', zh: '核酸或抗原阳性', en: 'Positive test', colours: ['red'] },
  { code: 'fever', zh: '发热未排除', en: 'Fever not yet ruled out', colours: ['yellow'] },
  { code: 'quarantine', zh: '居家隔离或健康监测中', en: 'In home quarantine or health monitoring', colours: ['yellow', 'red'] },
  { code: 'sampling_overdue', zh: '未按要求完成核酸', en: 'Required test not taken', colours: ['yellow'] },
  { code: 'inbound', zh: '入境人员', en: 'Inbound traveller', colours: ['yellow', 'red'] },
  { code: 'cleared', zh: '解除管控', en: 'Control lifted', colours: ['green'] },
  { code: 'appeal_upheld', zh: '申诉核实后转绿', en: 'Appeal upheld', colours: ['green'] },
  { code: 'upstream', zh: '上级推送（未注明原因）', en: 'Sent from above (no reason given)', colours: ['green', 'yellow', 'red'] },
] as const satisfies ReadonlyArray<{ code: string; zh: string; en: string; colours: readonly Colour[] }>;
export type ReasonCode = (typeof HEALTH_REASONS)[number]['code'];
export const REASON_CODES = HEALTH_REASONS.map((r) => r.code) as unknown as readonly [ReasonCode, ...ReasonCode[]];
export const reasonOf = (code: string) => HEALTH_REASONS.find((r) => r.code === code);

/**
 * Words that name a reason outside epidemic control (the Henan bank depositors' red codes of June 2022): an import's
 * reason column holding one is refused with `non_epidemic_reason`, not mapped to `upstream`.
 */
const NON_EPIDEMIC = ['上访', '信访', '维权', '讨薪', '欠薪', '欠款', '债务', '取款', '存款', '村镇银行', '聚集', '维稳', '访民', '抗议', '举报', '投诉', '处罚', '执法', '征收', '拆迁', '逃逸', '涉案', '涉稳'];
export const isNonEpidemicWord = (s: string) => NON_EPIDEMIC.some((w) => s.includes(w));

/** A reason cell of an import → its code: a code, its Chinese name, empty (`upstream`); else null. */
export function readReason(cell: string): ReasonCode | null {
  const s = cell.trim();
  if (!s) return 'upstream';
  const hit = HEALTH_REASONS.find((r) => r.code === s.toLowerCase() || r.zh === s || s.includes(r.zh));
  if (hit) return hit.code;
  if (/密接的密接|次密接/.test(s)) return 'secondary_contact';
  if (/密接|密切接触/.test(s)) return 'close_contact';
  if (/阳性/.test(s)) return 'positive';
  if (/风险地区|中风险|高风险/.test(s)) return 'risk_area';
  if (/入境/.test(s)) return 'inbound';
  if (/发热/.test(s)) return 'fever';
  if (/隔离|健康监测/.test(s)) return 'quarantine';
  if (/核酸/.test(s)) return 'sampling_overdue';
  return null;
}

/** 绿码/绿/green … → the colour; else null. */
export function readColour(cell: string): Colour | null {
  const s = cell.trim().toLowerCase();
  if (/^(绿码?|green|g)$/.test(s)) return 'green';
  if (/^(黄码?|yellow|y)$/.test(s)) return 'yellow';
  if (/^(红码?|red|r)$/.test(s)) return 'red';
  return null;
}

export type LocalFacts = {
  quarantine: { kind: 'home_quarantine' | 'health_monitoring'; reason: string } | null;
  sampling: { frozen: boolean; positive: boolean };
};
export type LocalSignal = { colour: Colour; reasons: Array<{ code: string; zh: string; en: string }> };

const RANK: Record<Colour, number> = { green: 0, yellow: 1, red: 2 };

/** What the community's own facts say; green with no reasons when nothing is known against the person. */
export function localSignal(f: LocalFacts): LocalSignal {
  const out: Array<{ colour: Colour; code: string; zh: string; en: string }> = [];
  if (f.sampling.positive) out.push({ colour: 'red', code: 'positive', zh: '单管核酸阳性', en: 'Positive single-tube test' });
  else if (f.sampling.frozen) out.push({ colour: 'yellow', code: 'recalled', zh: '混管阳性待复核', en: 'Recalled from a positive pool' });
  if (f.quarantine?.kind === 'home_quarantine' && f.quarantine.reason === 'close_contact') {
    out.push({ colour: 'red', code: 'quarantine_close_contact', zh: '密接居家隔离中', en: 'In home quarantine as a close contact' });
  } else if (f.quarantine?.kind === 'home_quarantine') {
    out.push({ colour: 'yellow', code: 'quarantine', zh: '居家隔离中', en: 'In home quarantine' });
  } else if (f.quarantine?.kind === 'health_monitoring') {
    out.push({ colour: 'yellow', code: 'monitoring', zh: '居家健康监测中', en: 'In home health monitoring' });
  }
  const colour = out.reduce<Colour>((w, r) => (RANK[r.colour] > RANK[w] ? r.colour : w), 'green');
  return { colour, reasons: out.map(({ code, zh, en }) => ({ code, zh, en })) };
}
