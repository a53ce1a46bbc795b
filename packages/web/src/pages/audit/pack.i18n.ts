// Texts of the compliance audit pack card on the audit page (AUD-10, ADR 0038). Merged into i18n/zh-CN.ts and
// i18n/en.ts under `auditPack`.

export const auditPackZh = {
  title: '合规审计包',
  intro:
    '按《个人信息保护合规审计管理办法》导出一个期间的审计材料（Excel）：访问统计、导出、紧急访问、删除、安全提醒、账户与权限，以及审计链校验结果。只含统计数字和工作人员账号，不含居民信息。生成需要第二因素，并记入审计日志（含文件哈希）。',
  period: '期间',
  area: '区域',
  areaAll: '我的全部范围',
  download: '下载审计包',
  tooLong: '期间不能超过 {{days}} 天',
  done: '已下载：{{file}}（SHA-256 {{hash}}…）',
  failed: '审计包生成失败',
};

export const auditPackEn: typeof auditPackZh = {
  title: 'Compliance audit pack',
  intro:
    'The audit material of a period as an Excel workbook, for the personal-information protection compliance audit: access statistics, exports, break-the-glass, deletions, security alerts, accounts and permissions, and the audit chain check. Counts and staff usernames only, no residents. Needs the second factor and is logged in the audit log with the file’s hash.',
  period: 'Period',
  area: 'Area',
  areaAll: 'All of my area',
  download: 'Download audit pack',
  tooLong: 'The period must not exceed {{days}} days',
  done: 'Downloaded: {{file}} (SHA-256 {{hash}}…)',
  failed: 'The audit pack could not be made',
};
