// Texts of 登录设备 (pages/account/devices.page.tsx). Merged into i18n/zh-CN.ts and i18n/en.ts under `devices`.
// Read on a phone, often right after losing another one: say plainly what signing out does.

export const devicesZh = {
  title: '登录设备',
  intro: '这里列出正在登录您账号的手机和电脑。手机丢了、在别人的电脑上忘了退出，或看到不认识的设备时，请立即让它退出。',
  current: '当前设备',
  unknownDevice: '未知设备',
  unknownNetwork: '网络未知',
  network: '网络 {{network}}',
  signedInAt: '登录于 {{time}}',
  lastActiveAt: '最近活动 {{time}}',
  signOut: '退出该设备',
  signOutTitle: '让“{{device}}”退出登录？',
  signOutBody: '该设备会立即退出，需要重新输入密码才能再登录。',
  signOutOk: '确认退出',
  signOutDone: '已让该设备退出登录',
  signOutOthers: '退出其他所有设备',
  signOutOthersTitle: '退出其他所有设备？',
  signOutOthersBody: '除了您正在使用的这台设备，其他 {{count}} 台设备都会立即退出登录。',
  signOutOthersDone: '已退出其他 {{count}} 台设备',
  onlyThis: '只有这台设备登录着您的账号。',
  lostPhone: '如果怀疑密码已泄露，请再修改密码；修改后所有设备都会退出。',
  changePassword: '修改密码',
  cancel: '取消',
  timeFormat: 'YYYY-MM-DD HH:mm',
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const devicesEn: Widen<typeof devicesZh> = {
  title: 'Signed-in devices',
  intro: 'These phones and computers are signed in to your account. If you lost a phone, forgot to sign out on someone else’s computer, or see a device you do not recognise, sign it out now.',
  current: 'This device',
  unknownDevice: 'Unknown device',
  unknownNetwork: 'Network unknown',
  network: 'Network {{network}}',
  signedInAt: 'Signed in {{time}}',
  lastActiveAt: 'Last active {{time}}',
  signOut: 'Sign out',
  signOutTitle: 'Sign out “{{device}}”?',
  signOutBody: 'The device is signed out at once and needs the password to sign in again.',
  signOutOk: 'Sign out',
  signOutDone: 'The device has been signed out',
  signOutOthers: 'Sign out all other devices',
  signOutOthersTitle: 'Sign out all other devices?',
  signOutOthersBody: 'Every device except the one you are using now ({{count}}) is signed out at once.',
  signOutOthersDone: 'Signed out {{count}} other devices',
  onlyThis: 'Only this device is signed in to your account.',
  lostPhone: 'If you think your password is known to someone else, also change it; that signs out every device.',
  changePassword: 'Change password',
  cancel: 'Cancel',
  timeFormat: 'YYYY-MM-DD HH:mm',
};
