// Texts of the password step-up dialog (app/step-up-dialog.tsx, ADR 0034). Merged into i18n/zh-CN.ts and i18n/en.ts
// under `stepUp`.

export const stepUpZh = {
  title: '请确认是您本人在操作',
  intro: '您在短时间内打开了较多居民的档案。请输入登录密码，确认是您本人在操作，然后继续。',
  why: '居民的个人信息只能因工作需要查看。短时间内打开大量档案，可能是账号被他人使用，也可能超出了工作需要，所以需要您确认一次。',
  recorded: '此次确认会被记录；之后查看的档案也会被记录，安全管理员会收到提醒。',
  passwordLabel: '登录密码',
  passwordRequired: '请输入密码',
  confirm: '确认并继续',
  cancel: '取消',
};

export const stepUpEn: typeof stepUpZh = {
  title: 'Please confirm it is you',
  intro: "You opened many residents' records in a short time. Enter your password to confirm it is you, then continue.",
  why: "Residents' personal data may only be viewed when your work needs it. Opening many records in a short time can mean someone else is using your account, or more than the work needs — so we ask once.",
  recorded: 'This confirmation is recorded, and so are the records you open next; the security admin is informed.',
  passwordLabel: 'Password',
  passwordRequired: 'Enter your password',
  confirm: 'Confirm and continue',
  cancel: 'Cancel',
};
