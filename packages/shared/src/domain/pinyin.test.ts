import { describe, expect, it } from 'vitest';
import { pinyinKeys } from './pinyin';

describe('pinyinKeys', () => {
  it('张三 → zhangsan / zs', () => {
    expect(pinyinKeys('张三')).toEqual({ full: 'zhangsan', initials: 'zs' });
  });
  it.each([
    ['曾国强', 'zengguoqiang', 'zgq'],
    ['单田芳', 'shantianfang', 'stf'],
    ['解晓东', 'xiexiaodong', 'xxd'],
    ['区志强', 'ouzhiqiang', 'ozq'],
    ['查良', 'zhaliang', 'zl'],
    ['仇小红', 'qiuxiaohong', 'qxh'],
    ['朴叶', 'piaoye', 'py'],
    ['欧阳娜娜', 'ouyangnana', 'oynn'],
    ['尉迟恭', 'yuchigong', 'ycg'],
  ])('polyphonic / compound surname %s', (name, full, initials) => {
    expect(pinyinKeys(name)).toEqual({ full, initials });
  });
  it('writes ü as v and keeps output lower-case ASCII', () => {
    expect(pinyinKeys('吕绿')).toEqual({ full: 'lvlv', initials: 'll' });
  });
  it('keeps non-Han letters and digits lower-cased, drops spaces and punctuation', () => {
    expect(pinyinKeys(' 王Ab2 ')).toEqual({ full: 'wangab2', initials: 'wab2' });
    expect(pinyinKeys('买买提·艾力')).toEqual({ full: 'maimaitiaili', initials: 'mmtal' });
    expect(pinyinKeys('José')).toEqual({ full: 'jose', initials: 'jose' });
    expect(pinyinKeys('')).toEqual({ full: '', initials: '' });
    expect(pinyinKeys('Ｚｈａｎｇ')).toEqual({ full: 'zhang', initials: 'zhang' });
  });
});
