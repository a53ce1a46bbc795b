/**
 * Synthetic Chinese names: weighted surnames (a local Zhoushan/Zhejiang table and a national one for the floating
 * population), era- and sex-specific given names, and a block list so that no generated name is that of a
 * well-known real person.
 */
import { Rng, Weighted } from './prng';

// Approximate national frequencies (per mille), rounded; rare compound surnames appear occasionally.
const NATIONAL: Array<[string, number]> = [
  ['王', 71], ['李', 70], ['张', 67], ['刘', 54], ['陈', 45], ['杨', 31], ['黄', 22], ['赵', 20], ['吴', 20], ['周', 19],
  ['徐', 13], ['孙', 12], ['马', 11], ['朱', 11], ['胡', 10], ['郭', 10], ['何', 9], ['高', 9], ['林', 9], ['罗', 9],
  ['郑', 8], ['梁', 8], ['谢', 7], ['宋', 6], ['唐', 6], ['许', 6], ['韩', 5], ['冯', 5], ['邓', 5], ['曹', 5],
  ['彭', 5], ['曾', 5], ['肖', 5], ['田', 4], ['董', 4], ['袁', 4], ['潘', 4], ['于', 4], ['蒋', 4], ['蔡', 4],
  ['余', 4], ['杜', 4], ['叶', 3], ['程', 3], ['苏', 3], ['魏', 3], ['吕', 3], ['丁', 3], ['任', 3], ['沈', 3],
  ['姚', 3], ['卢', 3], ['姜', 3], ['崔', 2], ['钟', 2], ['谭', 2], ['陆', 2], ['汪', 2], ['范', 2], ['金', 2],
  ['石', 2], ['廖', 2], ['贾', 2], ['夏', 2], ['韦', 2], ['付', 2], ['方', 2], ['白', 2], ['邹', 2], ['孟', 2],
  ['熊', 1.5], ['秦', 1.5], ['邱', 1.5], ['江', 1.4], ['尹', 1.3], ['薛', 1.3], ['闫', 1.3], ['段', 1.3], ['雷', 1.3],
  ['侯', 1.2], ['龙', 1.2], ['史', 1.2], ['陶', 1.1], ['黎', 1.1], ['贺', 1.1], ['顾', 1], ['毛', 1], ['郝', 1],
  ['龚', 1], ['邵', 1], ['万', 1], ['钱', 1], ['严', 1], ['武', 0.9], ['戴', 0.9], ['莫', 0.8], ['孔', 0.8],
  ['向', 0.8], ['汤', 0.8], ['单', 0.3], ['解', 0.3], ['查', 0.2], ['仇', 0.2], ['区', 0.1], ['朴', 0.1],
  ['欧阳', 0.2], ['司马', 0.04], ['诸葛', 0.03], ['上官', 0.04], ['司徒', 0.04], ['尉迟', 0.02],
];

// Zhoushan / eastern Zhejiang flavour: more 陈 林 徐 周 胡 应 虞 乐 邬 俞 翁 鲍 贺 丁 夏 戴 竺.
const LOCAL_EXTRA: Array<[string, number]> = [
  ['陈', 40], ['王', 20], ['张', 15], ['林', 15], ['徐', 15], ['周', 12], ['胡', 10], ['李', 5], ['应', 6], ['虞', 4],
  ['乐', 4], ['邬', 4], ['俞', 5], ['翁', 4], ['鲍', 3], ['贺', 3], ['丁', 4], ['夏', 3], ['戴', 4], ['竺', 2],
  ['孙', 5], ['金', 6], ['郑', 5], ['朱', 5], ['毛', 3], ['邵', 3], ['傅', 4], ['蒋', 3], ['沈', 4], ['方', 3],
];

function merge(a: Array<[string, number]>, b: Array<[string, number]>): Array<[string, number]> {
  const m = new Map<string, number>();
  for (const [k, v] of a) m.set(k, (m.get(k) ?? 0) + v);
  for (const [k, v] of b) m.set(k, (m.get(k) ?? 0) + v);
  return [...m];
}

export const NATIONAL_SURNAMES = new Weighted(NATIONAL);
export const LOCAL_SURNAMES = new Weighted(merge(NATIONAL, LOCAL_EXTRA));

type Pools = { whole: readonly string[]; first: readonly string[]; second: readonly string[] };
type EraPools = { M: Pools; F: Pools };

const s = (x: string): string[] => x.split(' ');

// Born before 1955. Older locals often used an 阿- name.
const ERA_OLD: EraPools = {
  M: {
    whole: s('建国 国强 志明 长林 金根 阿根 海明 福生 根宝 友良 永康 宝林 国庆 阿龙 阿宝 荣富 和平 金海 德法 友根 春林 水根 海根 仁良 国良 财根'),
    first: s('国 建 志 长 金 海 福 根 友 永 宝 荣 德 春 水 仁 庆 家 明 世 文 光 正 善'),
    second: s('林 根 明 生 良 康 富 法 海 祥 发 才 贵 荣 华 昌 兴 芳 标 忠 义 山'),
  },
  F: {
    whole: s('秀英 桂英 玉兰 素珍 彩娣 阿娣 月娥 雪娟 菊芬 美娟 凤英 金娣 翠英 桂芳 秀兰 阿香 杏娟 雅芬 亚琴 招娣 爱珍 素娥 月仙 彩凤 巧珍'),
    first: s('秀 桂 玉 素 彩 月 雪 菊 美 凤 金 翠 爱 巧 杏 雅 亚 招 银 宝 兰 阿'),
    second: s('英 兰 珍 娣 娥 娟 芬 仙 凤 香 琴 花 云 妹 萍 芳 莲 秀'),
  },
};

// Born 1955–1979.
const ERA_MID: EraPools = {
  M: {
    whole: s('海波 建华 建军 卫东 晓东 国平 志刚 永军 海军 立新 伟 军 勇 斌 杰 波 刚 平 敏 华 建平 国华 海平 跃进 红军 忠华 惠民 志华 建明 永平'),
    first: s('海 建 卫 晓 国 志 永 立 跃 红 忠 惠 振 文 伟 学 卫 新 雪 锦 明 力'),
    second: s('波 华 军 东 平 刚 新 进 民 明 峰 强 林 伟 勇 斌 杰 荣 飞 龙 良'),
  },
  F: {
    whole: s('丽华 海燕 红霞 美玲 亚萍 晓红 素芬 雪芬 丽 红 芳 敏 静 燕 萍 霞 琴 玲 丽萍 建芬 爱华 海萍 卫红 秀芳 飞燕 丽君 雅萍 亚芬 燕飞 红英'),
    first: s('丽 海 红 美 亚 晓 素 雪 建 爱 卫 秀 飞 雅 燕 彩 玉 静 小 春'),
    second: s('华 燕 霞 玲 萍 红 芬 芳 英 君 琴 娟 丽 敏 静 波 艳 飞 梅 洁'),
  },
};

// Born 1980–1999.
const ERA_YOUNG: EraPools = {
  M: {
    whole: s('磊 鹏 超 浩 涛 俊杰 晓峰 文涛 志伟 海峰 建波 鑫 凯 斌斌 晨 帅 亮 健 宇 骏 佳伟 一鸣 家豪 天宇 俊 挺 辉 鹏飞 浩宇 云飞'),
    first: s('晓 文 志 海 建 佳 家 天 俊 鹏 浩 云 思 宇 嘉 振 旭 凯 明 子 伟 鑫'),
    second: s('峰 涛 伟 波 豪 宇 杰 飞 辉 鹏 亮 斌 强 磊 超 晨 凯 龙 阳 洋 锋 彬'),
  },
  F: {
    whole: s('婷 丹 倩 洁 燕萍 佳 丽娜 婷婷 晶晶 雅琴 佳佳 露 雪 琳 颖 莉 蕾 倩倩 思思 梦婷 晓燕 佳丽 丹丹 璐 慧 怡 洁琼 晓雯 静怡 蓓'),
    first: s('婷 晶 雅 佳 丽 思 梦 晓 丹 倩 洁 静 慧 雪 琳 颖 莉 璐 怡 蓓 露 燕'),
    second: s('婷 晶 琴 佳 娜 思 婷 燕 雯 怡 琼 丽 倩 颖 蕾 琳 慧 洁 丹 妮 莹 瑶'),
  },
};

// Born 2000 or later.
const ERA_CHILD: EraPools = {
  M: {
    whole: s('子轩 浩然 宇轩 梓豪 俊熙 一鸣 睿 泽宇 博文 子墨 宇航 锦程 沐阳 铭泽 奕辰 皓轩 梓睿 子豪 俊宇 嘉懿 煜城 逸凡 思远 承泽 宇泽 浩宇 晨阳 明轩 瑞 哲'),
    first: s('子 浩 宇 梓 俊 一 泽 博 锦 沐 铭 奕 皓 嘉 煜 逸 思 承 晨 明 睿 景 辰 昊'),
    second: s('轩 然 豪 熙 鸣 宇 文 墨 航 程 阳 泽 辰 睿 懿 城 凡 远 哲 翔 霖 钧 琛 洋'),
  },
  F: {
    whole: s('欣怡 梓涵 诗涵 一诺 子涵 雨桐 可馨 思彤 若汐 梦琪 佳怡 紫萱 依诺 沐晴 安然 悦 语桐 欣妍 可欣 雨涵 梓萱 诗琪 芷若 心怡 思琪 一涵 子萱 语汐 佳琪 书瑶'),
    first: s('欣 梓 诗 一 子 雨 可 思 若 梦 佳 紫 依 沐 安 语 芷 心 书 雅 晨 婉 诗 馨'),
    second: s('怡 涵 诺 桐 馨 彤 汐 琪 萱 晴 然 妍 欣 若 瑶 悦 菲 宁 琳 玥 媛 雯 萌 希'),
  },
};

/**
 * Names of well-known real people that the pools above could otherwise produce. A generated full name found here
 * is redrawn.
 */
export const FAMOUS_NAMES: ReadonlySet<string> = new Set(s(
  '李娜 刘翔 姚明 王楠 刘洋 孙杨 马龙 韩红 孙楠 刘欢 李健 王刚 王杰 黄磊 李宁 朱婷 郎平 张杰 杨洋 李宇春 ' +
  '马云 马化腾 刘强东 李彦宏 雷军 任正非 王健林 董明珠 宗庆后 李嘉诚 周迅 章子怡 赵薇 范冰冰 李冰冰 杨幂 刘亦菲 ' +
  '黄渤 王力宏 林俊杰 陈奕迅 张艺谋 冯小刚 鲁迅 毛泽东 周恩来 邓小平 习近平 李克强 胡锦涛 江泽民 朱镕基 温家宝 ' +
  '李鹏 刘少奇 朱德 孙中山 蒋介石 钱学森 袁隆平 屠呦呦 钟南山 李兰娟 张文宏 李文亮 邓亚萍 张怡宁 刘国梁 许海峰 ' +
  '郭晶晶 杨利伟 郭德纲 赵本山 宋丹丹 倪萍 董卿 白岩松 王菲 那英 毛阿敏 宋祖英 彭丽媛 李谷一 周星驰 吴京 沈腾 ' +
  '贾玲 黄晓明 杨紫 王一博 肖战 王俊凯 王源 赵丽颖 谢娜 何炅 汪涵 张靓颖 华晨宇 薛之谦 李易峰 鹿晗 张艺兴 ' +
  '刘诗诗 唐嫣 孙俪 邓超 陈坤 孙红雷 王宝强 徐峥 葛优 陈道明 陈凯歌 姜文 巩俐 张曼玉 林青霞 周润发 梁朝伟 ' +
  '刘嘉玲 郭富城 黎明 张国荣 梅艳芳 邓丽君 罗大佑 朴树 许巍 汪峰 崔健 刘德华 张学友 周杰伦 成龙 李连杰 李小龙 ' +
  '王伟 王涛 刘涛 李静 陈红 朱军 刘鹏 王丹 周洁 张军 王建国 李建国 陈建华 杨丽萍 ' +
  '郭敬明 韩寒 莫言 余华 王朔 贾平凹 金庸 古龙 琼瑶 三毛 李白 杜甫 苏轼 王维 白居易 杨玉环 武则天 岳飞 林则徐'
));

/** Birth year → era pools. */
function eraFor(birthYear: number): EraPools {
  if (birthYear < 1955) return ERA_OLD;
  if (birthYear < 1980) return ERA_MID;
  if (birthYear < 2000) return ERA_YOUNG;
  return ERA_CHILD;
}

/** Given name for the sex and birth year: a whole name from the era pool, or two composed characters. */
export function givenName(rng: Rng, male: boolean, birthYear: number): string {
  const p = eraFor(birthYear)[male ? 'M' : 'F'];
  if (rng.chance(0.55)) return rng.pick(p.whole);
  const a = rng.pick(p.first);
  let b = rng.pick(p.second);
  if (b === a && rng.chance(0.7)) b = rng.pick(p.second);
  return a + b;
}

/** A full synthetic name with the given surname that is not on the famous-names list. */
export function fullName(rng: Rng, surname: string, male: boolean, birthYear: number): string {
  for (let i = 0; i < 20; i++) {
    const n = surname + givenName(rng, male, birthYear);
    if (!FAMOUS_NAMES.has(n)) return n;
  }
  // Practically unreachable: fall back to a composed three-character name not on the list.
  const p = eraFor(birthYear)[male ? 'M' : 'F'];
  for (;;) {
    const n = surname + rng.pick(p.first) + rng.pick(p.second);
    if (!FAMOUS_NAMES.has(n)) return n;
  }
}
