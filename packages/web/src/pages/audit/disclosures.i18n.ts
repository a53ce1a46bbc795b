// Texts of the "which residents did this answer show" link and drawer on the audit page (ADR 0046). Merged into
// i18n/zh-CN.ts and i18n/en.ts under `auditDisclosures`.

export const auditDisclosuresZh = {
  showed: '显示了 {{count}} 位居民',
  showedOne: '显示了 1 位居民',
  title: '记录 #{{id}} 显示的居民',
  intro: '这次列表、搜索或户页面的结果中出现了以下居民。这里只列出档案编号，不显示姓名、身份证号等信息；查看本列表会记入审计日志。',
  total: '共 {{total}} 位居民',
  copyAll: '复制本页编号',
  copied: '已复制 {{count}} 个编号',
  empty: '这条记录没有列出居民',
  idColumn: '居民档案编号',
  detailLabel: '显示的居民',
};

export const auditDisclosuresEn: typeof auditDisclosuresZh = {
  showed: 'showed {{count}} residents',
  showedOne: 'showed 1 resident',
  title: 'Residents shown by entry #{{id}}',
  intro: 'These residents appeared in the answer of this list, search or household page. Only their record ids are listed — no names, ID numbers or other details; reading this list is recorded in the audit log.',
  total: '{{total}} residents',
  copyAll: 'Copy the ids on this page',
  copied: '{{count}} ids copied',
  empty: 'This entry lists no residents',
  idColumn: 'Resident record id',
  detailLabel: 'Residents shown',
};
