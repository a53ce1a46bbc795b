// Texts of signing in again in place and of the idle warning (auth/session-guard.tsx, ADR 0066). Merged into
// i18n/zh-CN.ts and i18n/en.ts under `signInAgain`.

export const signInAgainZh = {
  title: '请重新登录',
  idle: '由于 {{minutes}} 分钟没有操作，已自动退出登录。',
  elsewhere: '您已在另一个窗口退出登录。',
  ended: '登录已失效（可能已超时，或被安全管理员结束）。',
  kept: '页面和您填写的内容都还在。输入密码重新登录后，可以接着操作；刚才没有完成的保存会接着完成。',
  account: '账号',
  password: '密码',
  passwordRequired: '请输入密码',
  submit: '登录并继续',
  other: '换个账号登录',
  warningTitle: '即将自动退出登录',
  warningText: '您已有一段时间没有操作。为保护居民信息，{{seconds}} 秒后将自动退出登录。',
  keepWorking: '继续使用',
};

export const signInAgainEn: typeof signInAgainZh = {
  title: 'Please sign in again',
  idle: 'You were signed out after {{minutes}} minutes without activity.',
  elsewhere: 'You signed out in another window.',
  ended: 'Your sign-in has ended (it may have timed out, or a security admin ended it).',
  kept: 'This page and what you typed are still here. Sign in again with your password to carry on; a save that did not finish will finish then.',
  account: 'Account',
  password: 'Password',
  passwordRequired: 'Enter your password',
  submit: 'Sign in and continue',
  other: 'Sign in as someone else',
  warningTitle: 'You will be signed out soon',
  warningText: "You have not used the system for a while. To protect residents' data you will be signed out in {{seconds}} seconds.",
  keepWorking: 'Keep working',
};
