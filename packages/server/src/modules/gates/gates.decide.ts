/**
 * 卡口 — the passage decision (ADR 0081): facts about who stands at the gate → reasons, each with its effect; the
 * decision is the worst effect. Pure: the service gathers the facts (registry, quarantine, sampling, visits, vehicles).
 */
export type Effect = 'allow' | 'review' | 'deny';
export type Direction = 'in' | 'out';
export type Colour = 'green' | 'yellow' | 'red';
export type GatePolicy = { samplingHours: 0 | 24 | 48 | 72; samplingAction: 'review' | 'deny'; unknown: 'review' | 'deny' };
export const DEFAULT_POLICY: GatePolicy = { samplingHours: 72, samplingAction: 'review', unknown: 'review' };

export const REASON_CODES = [
  'resident', 'other_community', 'not_registered', 'moved_out',
  'quarantine_out', 'quarantine_in', 'monitoring',
  'sampling_frozen', 'sampling_stale', 'sampling_ok',
  'visitor', 'visit_expired', 'visit_used',
  'vehicle', 'vehicle_unknown',
  'code_red', 'code_yellow', 'code_green', 'colour_mismatch',
  'colour_claimed', 'clock_skew', 'device_held',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];
export type Reason = { code: ReasonCode; effect: Effect };

export type Facts = {
  direction: Direction;
  now: Date;
  /** How the scan resolved. */
  subject:
    | {
      kind: 'resident'; here: boolean; status: string; quarantine: { kind: 'home_quarantine' | 'health_monitoring' } | null; sampling: { lastNegativeAt: string | null; frozen: boolean };
      /** The health-code mirror's colour (ADR 0082), null when unknown. */
      colour?: Colour | null;
    }
    | { kind: 'visitor'; today: boolean; used: boolean }
    | { kind: 'vehicle'; registered: boolean }
    | { kind: 'unknown' };
  claimedColour?: Colour | null;
  /** The device's clock is off by more than the tolerance. */
  skewed?: boolean;
  /** The terminal is held after repeated colour mismatches (SECURITY test 52): each of its events is checked by hand. */
  deviceHeld?: boolean;
};

const RANK: Record<Effect, number> = { allow: 0, review: 1, deny: 2 };

export function decide(f: Facts, policy: GatePolicy): { decision: Effect; reasons: Reason[] } {
  const reasons: Reason[] = [];
  const s = f.subject;
  if (s.kind === 'resident') {
    if (s.status !== 'active') reasons.push({ code: 'moved_out', effect: 'review' });
    else reasons.push(s.here ? { code: 'resident', effect: 'allow' } : { code: 'other_community', effect: 'review' });
    if (s.quarantine?.kind === 'home_quarantine') reasons.push(f.direction === 'out' ? { code: 'quarantine_out', effect: 'deny' } : { code: 'quarantine_in', effect: 'review' });
    else if (s.quarantine?.kind === 'health_monitoring' && f.direction === 'out') reasons.push({ code: 'monitoring', effect: 'review' });
    if (s.sampling.frozen) reasons.push({ code: 'sampling_frozen', effect: 'deny' });
    else if (policy.samplingHours > 0) {
      const last = s.sampling.lastNegativeAt ? Date.parse(s.sampling.lastNegativeAt) : NaN;
      const fresh = Number.isFinite(last) && f.now.getTime() - last <= policy.samplingHours * 3_600_000;
      reasons.push(fresh ? { code: 'sampling_ok', effect: 'allow' } : { code: 'sampling_stale', effect: policy.samplingAction });
    }
  } else if (s.kind === 'visitor') {
    if (!s.today) reasons.push({ code: 'visit_expired', effect: 'deny' });
    else if (s.used && f.direction === 'in') reasons.push({ code: 'visit_used', effect: 'review' });
    else reasons.push({ code: 'visitor', effect: 'allow' });
  } else if (s.kind === 'vehicle') {
    reasons.push(s.registered ? { code: 'vehicle', effect: 'allow' } : { code: 'vehicle_unknown', effect: 'review' });
  } else {
    reasons.push({ code: 'not_registered', effect: policy.unknown });
  }
  // The mirror's colour decides (IOT-05); a device's colour never allows anything: it only asks for a check when it
  // disagrees with the mirror, or — the mirror knowing nothing — when it is yellow or red.
  const verified = s.kind === 'resident' ? s.colour ?? null : null;
  if (verified === 'red') reasons.push({ code: 'code_red', effect: 'deny' });
  else if (verified === 'yellow') reasons.push({ code: 'code_yellow', effect: 'review' });
  else if (verified === 'green') reasons.push({ code: 'code_green', effect: 'allow' });
  if (verified && f.claimedColour && f.claimedColour !== verified) reasons.push({ code: 'colour_mismatch', effect: 'review' });
  else if (!verified && (f.claimedColour === 'yellow' || f.claimedColour === 'red')) reasons.push({ code: 'colour_claimed', effect: 'review' });
  if (f.skewed) reasons.push({ code: 'clock_skew', effect: 'review' });
  if (f.deviceHeld) reasons.push({ code: 'device_held', effect: 'review' });
  const decision = reasons.reduce<Effect>((w, r) => (RANK[r.effect] > RANK[w] ? r.effect : w), 'allow');
  return { decision, reasons };
}

/** What each reason says at the gate, zh-CN and English; `{h}` is the policy's hours. */
export const REASON_TEXT: Record<ReasonCode, { zh: string; en: string }> = {
  resident: { zh: '本小区居民', en: 'Resident of this community' },
  other_community: { zh: '其他社区居民，请核实来访事由', en: 'Resident of another community: check why they come' },
  not_registered: { zh: '未登记人员，请核实身份并登记', en: 'Not registered: check who they are and register them' },
  moved_out: { zh: '档案显示已迁出，请核实', en: 'The record says moved out: check' },
  quarantine_out: { zh: '居家隔离中，不得外出', en: 'In home quarantine: may not go out' },
  quarantine_in: { zh: '居家隔离人员返回，请通知网格员', en: 'A person in home quarantine returning: tell the grid worker' },
  monitoring: { zh: '居家健康监测中，非必要不外出', en: 'In home health monitoring: should not go out without need' },
  sampling_frozen: { zh: '核酸复核中，请留在家中等待复核结果', en: 'Called back for a retest: stay home until the result' },
  sampling_stale: { zh: '超过 {h} 小时无核酸阴性结果', en: 'No negative test result in the last {h} hours' },
  sampling_ok: { zh: '{h} 小时内核酸阴性', en: 'Negative test result within {h} hours' },
  visitor: { zh: '已登记访客（当日有效）', en: 'Registered visitor (valid today)' },
  visit_expired: { zh: '访客码不是今天的，请重新登记', en: 'The visitor code is not for today: register again' },
  visit_used: { zh: '访客码已使用过，请核实', en: 'The visitor code has been used already: check' },
  vehicle: { zh: '登记车辆', en: 'Registered vehicle' },
  vehicle_unknown: { zh: '未登记车辆，请核实', en: 'Unregistered vehicle: check' },
  code_red: { zh: '健康码红码，不得通行', en: 'Red health code: may not pass' },
  code_yellow: { zh: '健康码黄码，请核实', en: 'Yellow health code: check' },
  code_green: { zh: '健康码绿码', en: 'Green health code' },
  colour_mismatch: { zh: '设备显示的健康码与系统记录不一致，请人工核验', en: 'The device’s health code differs from the record: check by hand' },
  colour_claimed: { zh: '设备显示健康码为黄码或红码，请人工核验', en: 'The device shows a yellow or red health code: check by hand' },
  device_held: { zh: '该设备多次报告与系统记录不一致的健康码，已暂停信任，请人工核验', en: 'This terminal has reported colours that differ from the record several times and is held: check by hand' },
  clock_skew: { zh: '设备时间偏差超过 5 分钟，请人工核验', en: 'The device clock is more than 5 minutes off: check by hand' },
};

export function reasonText(code: ReasonCode, policy: GatePolicy): { zh: string; en: string } {
  const t = REASON_TEXT[code];
  const h = String(policy.samplingHours);
  return { zh: t.zh.replace('{h}', h), en: t.en.replace('{h}', h) };
}
