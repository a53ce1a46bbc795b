// Texts of the second-factor dialog (app/mfa-dialog.tsx). Merged into i18n/zh-CN.ts and i18n/en.ts under `mfa`.

export const mfaZh = {
  verifyTitle: '请输入动态验证码',
  verifyIntro: '这是需要二次验证的操作（审批导出、设置受限档案、管理账号等）。请打开手机上的身份验证器，输入“韧性 Renxing”当前显示的 6 位数字。',
  enrollTitle: '绑定身份验证器',
  enrollIntro: '审批导出、设置受限档案等操作需要二次验证。请用手机上的身份验证器 App（如 FreeOTP、Microsoft Authenticator、Google 身份验证器）扫描下面的二维码，然后输入 App 显示的 6 位数字。',
  enrollManual: '无法扫码？在 App 中手动添加，密钥：',
  codeLabel: '6 位验证码',
  codeHelp: '验证码每 30 秒更新一次；每个验证码只能用一次。',
  codeInvalid: '请输入 6 位数字',
  confirm: '验证并继续',
  cancel: '取消',
  cancelled: '已取消：该操作需要二次验证',
  loading: '正在生成二维码…',
  lostPhone: '手机丢失或更换？请联系安全管理员重置身份验证器。',
};

export const mfaEn: typeof mfaZh = {
  verifyTitle: 'Enter your authenticator code',
  verifyIntro: 'This action needs a second factor (approving exports, restricting records, managing accounts). Open the authenticator app on your phone and enter the 6 digits shown for “韧性 Renxing”.',
  enrollTitle: 'Set up an authenticator',
  enrollIntro: 'Approving exports, restricting records and similar actions need a second factor. Scan this QR code with an authenticator app on your phone (FreeOTP, Microsoft Authenticator, Google Authenticator …), then enter the 6 digits it shows.',
  enrollManual: 'Cannot scan? Add it by hand with this key:',
  codeLabel: '6-digit code',
  codeHelp: 'The code changes every 30 seconds; each code works once.',
  codeInvalid: 'Enter 6 digits',
  confirm: 'Verify and continue',
  cancel: 'Cancel',
  cancelled: 'Cancelled: this action needs a second factor',
  loading: 'Preparing the QR code…',
  lostPhone: 'Lost or changed your phone? Ask a security admin to reset your authenticator.',
};
