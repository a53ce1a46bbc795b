/**
 * What a session remembers about the device it was signed in from, for the 登录设备 list (ADR 0026): a coarse label
 * (browser family + major version + OS family) and the client address cut to its network part. Both are built only
 * from fixed names and digits, so nothing of the raw User-Agent or the full address is ever stored.
 */

// Order matters: many browsers also say "Chrome" and "Safari"; the more specific token wins.
const BROWSERS: readonly [RegExp, string][] = [
  [/MicroMessenger\/(\d+)/, 'WeChat'],
  [/\bDingTalk\/(\d+)/, 'DingTalk'],
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/\bOPR\/(\d+)/, 'Opera'],
  [/SamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/HuaweiBrowser\/(\d+)/, 'Huawei Browser'],
  [/MiuiBrowser\/(\d+)/, 'Xiaomi Browser'],
  [/UCBrowser\/(\d+)/, 'UC Browser'],
  [/\bM?QQBrowser\/(\d+)/, 'QQ Browser'],
  [/\bQuark\/(\d+)/, 'Quark'],
  [/\b(?:Firefox|FxiOS)\/(\d+)/, 'Firefox'],
  [/(?:\b|Headless)(?:Chrome|CriOS|Chromium)\/(\d+)/, 'Chrome'],
  [/\bVersion\/(\d+)(?:\.\d+)*(?: Mobile\/\w+)? Safari\//, 'Safari'],
];

const SYSTEMS: readonly [RegExp, string][] = [
  [/OpenHarmony|HarmonyOS/, 'HarmonyOS'],
  [/Android/, 'Android'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/CrOS/, 'ChromeOS'],
  [/Windows/, 'Windows'],
  [/Macintosh|Mac OS X/, 'macOS'],
  [/Linux|X11/, 'Linux'],
];

/** "Chrome 131 · Android", "Safari 17 · iOS", "Android"; null when nothing is recognised (shown as 未知设备). */
export function deviceLabel(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const ua = userAgent.slice(0, 512);
  let browser: string | null = null;
  for (const [re, name] of BROWSERS) {
    const m = re.exec(ua);
    if (m) {
      const major = Number(m[1]);
      browser = Number.isInteger(major) && major > 0 && major < 10_000 ? `${name} ${major}` : name;
      break;
    }
  }
  const os = SYSTEMS.find(([re]) => re.test(ua))?.[1] ?? null;
  if (!browser && !os) return null;
  return [browser, os].filter(Boolean).join(' · ');
}

/**
 * The network part of a client address: IPv4 `a.b.*.*`, IPv6 the first three groups (`2409:8a00:1234:*`); an
 * IPv4-mapped IPv6 address counts as IPv4. Anything else → null.
 */
export function maskIp(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const raw = ip.trim().replace(/%.*$/, '');
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/i.exec(raw);
  if (v4) {
    const parts = v4.slice(1, 5).map(Number);
    if (parts.some((n) => n > 255)) return null;
    return `${parts[0]}.${parts[1]}.*.*`;
  }
  if (!/^[0-9a-f:]+$/i.test(raw) || !raw.includes(':')) return null;
  const halves = raw.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  if (head.concat(tail).some((g) => g.length === 0 || g.length > 4)) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  return `${groups.slice(0, 3).map((g) => parseInt(g, 16).toString(16)).join(':')}:*`;
}
