// Texts around the processing notice (个人信息处理规则). The notice itself comes from the server in both languages.
// Merged into i18n/zh-CN.ts and i18n/en.ts under `notice`.

export const noticeZh = {
  link: '个人信息处理规则',
  version: '版本 {{version}}',
  loadFailed: '个人信息处理规则加载失败',
  retry: '重试',
  back: '返回',
  purpose: '用途',
  basis: '法律依据',
  retention: '保存期限',
  emergencyHeading: '当前是否处于应急期',
  emergencyNone: '目前没有生效的突发公共卫生事件应急期：依“应对突发公共卫生事件”收集的信息（如体温自测）暂停收集。',
  emergencyInForce: '{{area}}自 {{since}} 起处于应急期（依据：{{legalRef}}）。应急期结束后停止收集，相关信息在 {{days}} 天内删除。',
  askTitle: '请阅读个人信息处理规则',
  askIntro: '使用前，请了解我们如何处理您的个人信息。',
  iHaveRead: '我已阅读',
  later: '稍后再读',
  ackFailed: '确认没有成功，请重试',
  changed: '处理规则刚刚更新，请阅读新版本后再确认。',
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type NoticeResources = Widen<typeof noticeZh>;

export const noticeEn: NoticeResources = {
  link: 'How we handle your data',
  version: 'Version {{version}}',
  loadFailed: 'Could not load the notice',
  retry: 'Retry',
  back: 'Back',
  purpose: 'Purpose',
  basis: 'Legal basis',
  retention: 'Kept for',
  emergencyHeading: 'Is an emergency period in force?',
  emergencyNone: 'No public-health emergency period is in force: data collected on that basis (such as temperature self-reports) is not collected now.',
  emergencyInForce: '{{area}} is in an emergency period since {{since}} ({{legalRef}}). When it ends, collection stops and that data is deleted within {{days}} days.',
  askTitle: 'Please read how we handle your data',
  askIntro: 'Before you go on, please read how we handle your personal data.',
  iHaveRead: 'I have read it',
  later: 'Later',
  ackFailed: 'That did not work, please try again',
  changed: 'The notice has just changed. Please read the new version and confirm again.',
};
