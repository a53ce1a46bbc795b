/** Pinyin search keys for Chinese names (张三 → zhangsan / zs). */
import { pinyin } from 'pinyin-pro';

export type PinyinKeys = { full: string; initials: string };

/**
 * Lower-case ASCII pinyin of a name and the initials of each syllable. Polyphonic surnames are read in surname
 * mode (曾 zeng, 单 shan, 解 xie, 区 ou, 查 zha, 仇 qiu, 朴 piao, 尉迟 yuchi); ü is written `v`.
 * Non-Han letters and digits are kept lower-cased (diacritics stripped) in both keys; spaces, `·` and other
 * punctuation are dropped.
 */
export function pinyinKeys(name: string): PinyinKeys {
  const s = name.normalize('NFKC').trim();
  if (s === '') return { full: '', initials: '' };
  let full = '';
  let initials = '';
  for (const item of pinyin(s, { type: 'all', toneType: 'none', surname: 'head', v: true })) {
    if (item.isZh && item.pinyin) {
      const p = asciiLower(item.pinyin);
      full += p;
      initials += p.slice(0, 1);
    } else {
      const o = asciiLower(item.origin);
      full += o;
      initials += o;
    }
  }
  return { full, initials };
}

function asciiLower(s: string): string {
  return s
    .replace(/[üÜ]/g, 'v')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
