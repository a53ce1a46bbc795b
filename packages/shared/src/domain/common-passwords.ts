/**
 * Common / breached passwords (ASVS 2.1.7), lower-case. Generated from the patterns that dominate public breach
 * corpora (including Chinese ones: 5201314, woaini, pinyin names, keyboard walks such as 1qaz2wsx) plus literals.
 * Comparison is case-insensitive, so `Password1234` is covered by `password1234`.
 */

const BASE_WORDS = [
  'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pa$$word', 'pass', 'passwd', 'mima', 'mimamima',
  'qwerty', 'qwert', 'qwer', 'qwertyuiop', 'asdf', 'asdfgh', 'asdfghjkl', 'zxcv', 'zxcvbn', 'zxcvbnm',
  '1qaz2wsx', '1q2w3e4r', '1q2w3e', 'q1w2e3r4', 'zaq12wsx', 'qazwsx', 'qazwsxedc', 'qweasd', 'qweasdzxc',
  'abc', 'abcd', 'abcde', 'abcdef', 'abc123', 'aaa', 'a1b2c3',
  'admin', 'administrator', 'root', 'system', 'sysadmin', 'test', 'guest', 'user', 'changeme', 'default',
  'welcome', 'letmein', 'iloveyou', 'loveyou', 'monkey', 'dragon', 'football', 'baseball', 'sunshine',
  'princess', 'superman', 'batman', 'master', 'shadow', 'michael', 'trustno1', 'starwars', 'whatever',
  'hello', 'freedom', 'computer', 'internet', 'secret', 'summer', 'winter', 'spring', 'autumn', 'love',
  'woaini', 'woaini1314', 'aini', 'wangwei', 'zhangwei', 'liwei', 'wanglei', 'liuyang', 'zhangjie',
  'china', 'beijing', 'shanghai', 'zhejiang', 'hangzhou', 'ningbo', 'zhoushan', 'dinghai', 'putuo',
  'renxing', 'shequ', 'wangge', 'juweihui', 'fangyi', 'hesuan', 'yiqing', 'jiankang', 'zhengfu',
];

const SUFFIXES = [
  '', '1', '12', '123', '1234', '12345', '123456', '1234567', '12345678', '123456789', '1234567890',
  '!', '!!', '!!!', '@', '#', '.', '123!', '1234!', '!@#', '!@#$', '!@#$%', '@123', '#123', '_123', '@1234',
  '.com', '123.com', '@163.com', '520', '521', '1314', '5201314', '666', '888', '6666', '8888', '88888888',
  '000', '111', '11', '01', '007', 'a', 'abc', 'qwe',
];
for (let y = 1960; y <= 2030; y++) SUFFIXES.push(String(y), '@' + y, y + '!');

const LITERALS = [
  '123456789012', '1234567890123', '12345678901234', '123456789012345', '1234567890qwe',
  '098765432109', '0987654321', '9876543210', '987654321098', '987654321012', '012345678901',
  '123123123123', '123412341234', '121212121212', '123321123321', '123456654321', '123456123456',
  '112233445566', '11223344556677', '111222333444', '147258369000', '147258369147', '147258369258',
  '159357159357', '159753159753', '147852369', '1478523690', '741852963', '7418529630',
  '520520520520', '520131452013', '5201314520', '52013145201314', '131452013145',
  'qwertyuiop12', 'qwertyuiop123', 'qwertyuiop[]', 'qwertyuiopasdf', 'asdfghjkl;', 'asdfghjkl123', 'asdfghjkl;\'',
  'zxcvbnm12345', 'zxcvbnm123456', 'zxcvbnm,./', 'qweasdzxc123', 'qweasdzxc1234', 'qwe123qwe123', 'qwer1234asdf',
  'asdf1234qwer', '1234qwerasdf', '1234qwer', 'qwer1234', 'qwer1234!@#$', '1qaz2wsx3edc', '1qaz2wsx3edc4rfv',
  '1q2w3e4r5t6y', '1q2w3e4r5t6y7u', '1q2w3e4r5t6y7u8i', 'q1w2e3r4t5y6', 'q1w2e3r4t5y6u7', 'qazwsxedcrfv',
  'qazwsxedcrfvtgb', 'zaq1xsw2cde3', 'zaq12wsxcde3', 'zaq1zaq1zaq1', '!qaz2wsx#edc', '!qaz@wsx#edc', '1qaz@wsx3edc',
  '1qaz!qaz1qaz', '1qazxsw23edc', '1qaz2wsx!qaz@wsx', 'mnbvcxz', 'mnbvcxz12345', 'poiuytrewq', 'poiuytrewq12',
  'abcdefghijkl', 'abcdefghijklm', 'abcabcabcabc', 'abc123abc123', 'abcd1234abcd', 'aaaaaaaaaaaa',
  'qwertyqwerty', 'asdasdasdasd', 'adminadmin', 'adminadmin123', 'passwordpassword', 'password1password',
  'iloveyouiloveyou', 'woaiwojia', 'woaiwojia123', 'woainiwoaini', 'wodemima', 'wodemima123',
  'Passw0rd!', 'P@ssw0rd!', 'P@ssw0rd123', 'Admin@123', 'Admin@123456', 'Root@123456', 'Aa123456', 'Aa123456789',
  'Aa1234567890', 'Abc@123456', 'Abcd@123456', 'Abc123456789', 'Qwer@123456', 'Qwer1234!@#$', 'Zxcv@123456',
];

function build(): ReadonlySet<string> {
  const out = new Set<string>();
  for (const w of BASE_WORDS) for (const s of SUFFIXES) out.add(w + s);
  for (const l of LITERALS) out.add(l.toLowerCase());
  // Repeated digits / letters and counting runs of typical lengths.
  for (let n = 6; n <= 20; n++) {
    for (let d = 0; d <= 9; d++) out.add(String(d).repeat(n));
    out.add('1234567890'.repeat(2).slice(0, n));
    out.add('0123456789'.repeat(2).slice(0, n));
    out.add('9876543210'.repeat(2).slice(0, n));
    out.add('0987654321'.repeat(2).slice(0, n));
    for (const c of 'aqxz') out.add(c.repeat(n));
  }
  // Short blocks repeated up to 12–16 characters.
  for (const block of ['12', '123', '1234', '12345', '123456', 'abc', 'abcd', 'qwe', 'qwer', 'asd', 'zxc', 'aa1', 'a1', 'ab']) {
    for (let reps = 2; block.length * reps <= 16; reps++) out.add(block.repeat(reps));
  }
  return out;
}

/** Lower-case set of common passwords. */
export const COMMON_PASSWORDS: ReadonlySet<string> = build();

/** Case-insensitive membership test (NFKC-normalised). */
export function isCommonPassword(pw: string): boolean {
  return COMMON_PASSWORDS.has(pw.normalize('NFKC').toLowerCase());
}
