// Texts of the import history (导入记录) on the import page. Part of the registry texts (i18n.ts → `registry.importHistory`).

export const importHistoryZh = {
  title: '导入记录',
  intro: '本社区以前的导入和检查，最新的在前。为保护个人信息，系统不保存文件名。',
  refresh: '刷新',
  empty: '还没有导入记录',
  total: '共 {{total}} 次',
  when: '时间',
  by: '操作人',
  file: '文件',
  kind: '方式',
  rows: '行数',
  imported: '新登记',
  updated: '更新',
  errors: '有问题的行',
  outcome: '结果',
  report: '问题清单',
  download: '下载',
  downloadAria: '下载 {{time}} 这次导入的问题清单',
  counts: '共 {{rows}} 行 · 新登记 {{imported}} · 更新 {{updated}} · 有问题 {{errors}}',
  unknownUser: '未知账号',
  kinds: { dry_run: '只检查', all_or_nothing: '有错误就全部不导入', partial: '只导入正确的行' },
  status: { running: '进行中', dry_run: '已检查', committed: '已导入', partial: '部分导入', rejected: '未导入', failed: '文件无法读取' },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type ImportHistoryResources = Widen<typeof importHistoryZh>;

export const importHistoryEn: ImportHistoryResources = {
  title: 'Import history',
  intro: 'Earlier imports and checks in your area, newest first. File names are not kept, to protect personal data.',
  refresh: 'Refresh',
  empty: 'No imports yet',
  total: '{{total}} in all',
  when: 'When',
  by: 'By',
  file: 'File',
  kind: 'How',
  rows: 'Rows',
  imported: 'New',
  updated: 'Updated',
  errors: 'Rows with problems',
  outcome: 'Outcome',
  report: 'Problem list',
  download: 'Download',
  downloadAria: 'Download the problem list of the import at {{time}}',
  counts: '{{rows}} rows · {{imported}} new · {{updated}} updated · {{errors}} with problems',
  unknownUser: 'unknown account',
  kinds: { dry_run: 'Check only', all_or_nothing: 'Nothing if any row fails', partial: 'Good rows only' },
  status: { running: 'In progress', dry_run: 'Checked', committed: 'Imported', partial: 'Partly imported', rejected: 'Not imported', failed: 'File could not be read' },
};
