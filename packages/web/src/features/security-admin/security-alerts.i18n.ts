// Texts of the security alerts list on 账号与安全 and of their notifications (ADR 0034). Merged into i18n/zh-CN.ts and
// i18n/en.ts under `securityAlerts`.

export const securityAlertsZh = {
  title: '安全提醒',
  intro: '系统发现的异常操作：短时间内打开大量居民档案、超过每日导出上限等。如确认不属于正常工作，可以在下面的账号列表里让该账号下线或停用。',
  empty: '暂无安全提醒',
  total: '共 {{total}} 条',
  time: '时间',
  who: '账号',
  what: '情况',
  status: '状态',
  statuses: { open: '待处理', acknowledged: '已知悉', closed: '已关闭' },
  kinds: { browsing: '大量查看档案', daily_export_cap: '超出导出上限' },
  unknownActor: '（未知账号）',
  browsing: '{{actor}}在 {{window}} 分钟内打开了 {{count}} 位居民的档案，超过了 {{threshold}} 位的提醒线。',
  browsingStepUp: '此后再打开新的档案，需要 TA 重新输入登录密码确认。',
  browsingBlock: '此后新的档案暂时打不开，直到 {{window}} 分钟内打开的数量回到提醒线以内。',
  exportCap: '{{actor}}在 24 小时内申请导出 {{count}} 条记录，超过每人每日 {{cap}} 条的上限，申请已被拒绝。',
  other: '{{actor}}：{{kind}}',
  notice: '{{role}}{{actor}}在 {{window}} 分钟内打开了 {{count}} 位居民的档案，请核实是否为工作需要',
  timeFormat: 'YYYY-MM-DD HH:mm',
};

export const securityAlertsEn: typeof securityAlertsZh = {
  title: 'Security alerts',
  intro: 'Unusual activity the system noticed: many residents’ records opened in a short time, the daily export cap exceeded. If it is not normal work, sign the account out or disable it in the account list below.',
  empty: 'No security alerts',
  total: '{{total}} in all',
  time: 'Time',
  who: 'Account',
  what: 'What happened',
  status: 'Status',
  statuses: { open: 'Open', acknowledged: 'Acknowledged', closed: 'Closed' },
  kinds: { browsing: 'Many records opened', daily_export_cap: 'Export cap exceeded' },
  unknownActor: '(unknown account)',
  browsing: '{{actor}} opened {{count}} residents’ records within {{window}} minutes, more than the {{threshold}} that call for a check.',
  // Appended to `browsing`: English sentences need the space, Chinese ones none.
  browsingStepUp: ' Opening further records now needs their password again.',
  browsingBlock: ' Further records cannot be opened until the number opened within {{window}} minutes is back within the limit.',
  exportCap: '{{actor}} asked to export {{count}} records within 24 hours, over the daily cap of {{cap}} per person; the request was refused.',
  other: '{{actor}}: {{kind}}',
  notice: '{{role}} {{actor}} opened {{count}} residents’ records within {{window}} minutes; please check it was needed for their work',
  timeFormat: 'YYYY-MM-DD HH:mm',
};
