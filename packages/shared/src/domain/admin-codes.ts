/**
 * GB/T 2260 administrative division codes used by the ID validator and the synthetic data generator.
 *
 * This is a deliberately small, hand-checked subset (Zhejiang, plus counties that commonly send floating
 * population to Zhoushan). Codes change over time (counties become districts, are merged or renumbered), so the
 * validator treats a code missing from this table as a *warning*, never as a failure.
 */

export type AdminDivision = {
  /** 6-digit GB/T 2260 code. */
  code: string;
  /** County-level name, e.g. 定海区. */
  name: string;
  /** Province-level name, e.g. 浙江省. */
  province: string;
  /** Prefecture-level name, e.g. 舟山市 (empty for municipalities' counties). */
  prefecture: string;
};

/** Province-level prefixes (first two digits) accepted on resident ID numbers and HK/MO/TW residence permits. */
export const PROVINCE_PREFIXES: Readonly<Record<string, string>> = Object.freeze({
  '11': '北京市', '12': '天津市', '13': '河北省', '14': '山西省', '15': '内蒙古自治区',
  '21': '辽宁省', '22': '吉林省', '23': '黑龙江省',
  '31': '上海市', '32': '江苏省', '33': '浙江省', '34': '安徽省', '35': '福建省', '36': '江西省', '37': '山东省',
  '41': '河南省', '42': '湖北省', '43': '湖南省', '44': '广东省', '45': '广西壮族自治区', '46': '海南省',
  '50': '重庆市', '51': '四川省', '52': '贵州省', '53': '云南省', '54': '西藏自治区',
  '61': '陕西省', '62': '甘肃省', '63': '青海省', '64': '宁夏回族自治区', '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区', '82': '澳门特别行政区', '83': '台湾地区',
});

/** Address codes used by residence permits for Hong Kong, Macao and Taiwan residents. */
export const HMT_PERMIT_REGION_CODES: Readonly<Record<string, string>> = Object.freeze({
  '810000': '香港特别行政区', '820000': '澳门特别行政区', '830000': '台湾地区',
});

export const ZHEJIANG_CODE = '330000';
export const ZHOUSHAN_CODE = '330900';
export const DINGHAI_CODE = '330902';
export const PUTUO_CODE = '330903';
export const DAISHAN_CODE = '330921';
export const SHENGSI_CODE = '330922';

const zj = (prefecture: string, list: Array<[string, string]>): AdminDivision[] =>
  list.map(([code, name]) => ({ code, name, province: '浙江省', prefecture }));

/** Counties of Zhoushan (舟山市). */
export const ZHOUSHAN_COUNTIES: readonly AdminDivision[] = Object.freeze(zj('舟山市', [
  ['330902', '定海区'], ['330903', '普陀区'], ['330921', '岱山县'], ['330922', '嵊泗县'],
]));

/** County-level divisions of Zhejiang (current codes), including Zhoushan. */
export const ZHEJIANG_COUNTIES: readonly AdminDivision[] = Object.freeze([
  ...zj('杭州市', [['330102', '上城区'], ['330105', '拱墅区'], ['330106', '西湖区'], ['330108', '滨江区'], ['330109', '萧山区'],
    ['330110', '余杭区'], ['330111', '富阳区'], ['330112', '临安区'], ['330113', '临平区'], ['330114', '钱塘区'],
    ['330122', '桐庐县'], ['330127', '淳安县'], ['330182', '建德市']]),
  ...zj('宁波市', [['330203', '海曙区'], ['330205', '江北区'], ['330206', '北仑区'], ['330211', '镇海区'], ['330212', '鄞州区'],
    ['330213', '奉化区'], ['330225', '象山县'], ['330226', '宁海县'], ['330281', '余姚市'], ['330282', '慈溪市']]),
  ...zj('温州市', [['330302', '鹿城区'], ['330303', '龙湾区'], ['330304', '瓯海区'], ['330305', '洞头区'], ['330324', '永嘉县'],
    ['330326', '平阳县'], ['330327', '苍南县'], ['330328', '文成县'], ['330329', '泰顺县'], ['330381', '瑞安市'],
    ['330382', '乐清市'], ['330383', '龙港市']]),
  ...zj('嘉兴市', [['330402', '南湖区'], ['330411', '秀洲区'], ['330421', '嘉善县'], ['330424', '海盐县'], ['330481', '海宁市'],
    ['330482', '平湖市'], ['330483', '桐乡市']]),
  ...zj('湖州市', [['330502', '吴兴区'], ['330503', '南浔区'], ['330521', '德清县'], ['330522', '长兴县'], ['330523', '安吉县']]),
  ...zj('绍兴市', [['330602', '越城区'], ['330603', '柯桥区'], ['330604', '上虞区'], ['330624', '新昌县'], ['330681', '诸暨市'],
    ['330683', '嵊州市']]),
  ...zj('金华市', [['330702', '婺城区'], ['330703', '金东区'], ['330723', '武义县'], ['330726', '浦江县'], ['330727', '磐安县'],
    ['330781', '兰溪市'], ['330782', '义乌市'], ['330783', '东阳市'], ['330784', '永康市']]),
  ...zj('衢州市', [['330802', '柯城区'], ['330803', '衢江区'], ['330822', '常山县'], ['330824', '开化县'], ['330825', '龙游县'],
    ['330881', '江山市']]),
  ...ZHOUSHAN_COUNTIES,
  ...zj('台州市', [['331002', '椒江区'], ['331003', '黄岩区'], ['331004', '路桥区'], ['331022', '三门县'], ['331023', '天台县'],
    ['331024', '仙居县'], ['331081', '温岭市'], ['331082', '临海市'], ['331083', '玉环市']]),
  ...zj('丽水市', [['331102', '莲都区'], ['331121', '青田县'], ['331122', '缙云县'], ['331123', '遂昌县'], ['331124', '松阳县'],
    ['331125', '云和县'], ['331126', '庆元县'], ['331127', '景宁畲族自治县'], ['331181', '龙泉市']]),
]);

const other = (province: string, prefecture: string, list: Array<[string, string]>): AdminDivision[] =>
  list.map(([code, name]) => ({ code, name, province, prefecture }));

/**
 * Real county-level codes of other provinces that are typical places of origin of the floating population in
 * Zhejiang coastal cities. Used as birthplaces (and ID address codes) of synthetic floating residents.
 */
export const FLOATING_ORIGIN_COUNTIES: readonly AdminDivision[] = Object.freeze([
  ...other('安徽省', '阜阳市', [['341221', '临泉县'], ['341222', '太和县'], ['341225', '阜南县'], ['341226', '颍上县']]),
  ...other('安徽省', '宿州市', [['341321', '砀山县'], ['341322', '萧县'], ['341324', '泗县']]),
  ...other('安徽省', '六安市', [['341522', '霍邱县'], ['341523', '舒城县']]),
  ...other('河南省', '信阳市', [['411522', '光山县'], ['411525', '固始县'], ['411526', '潢川县']]),
  ...other('河南省', '周口市', [['411622', '西华县'], ['411623', '商水县'], ['411625', '郸城县'], ['411628', '鹿邑县']]),
  ...other('河南省', '驻马店市', [['411722', '上蔡县'], ['411729', '新蔡县']]),
  ...other('江西省', '赣州市', [['360730', '宁都县'], ['360731', '于都县'], ['360732', '兴国县']]),
  ...other('江西省', '上饶市', [['361127', '余干县'], ['361128', '鄱阳县']]),
  ...other('四川省', '广安市', [['511621', '岳池县'], ['511623', '邻水县']]),
  ...other('四川省', '南充市', [['511321', '南部县'], ['511322', '营山县'], ['511324', '仪陇县']]),
  ...other('四川省', '达州市', [['511724', '大竹县'], ['511725', '渠县']]),
  ...other('贵州省', '安顺市', [['520422', '普定县'], ['520423', '镇宁布依族苗族自治县']]),
  ...other('贵州省', '毕节市', [['520521', '大方县'], ['520524', '织金县']]),
  ...other('湖南省', '邵阳市', [['430523', '邵阳县'], ['430524', '隆回县']]),
  ...other('湖北省', '黄冈市', [['421126', '蕲春县'], ['421127', '黄梅县'], ['421181', '麻城市']]),
  ...other('云南省', '昭通市', [['530627', '镇雄县'], ['530628', '彝良县']]),
  ...other('江苏省', '宿迁市', [['321322', '沭阳县']]),
  ...other('山东省', '临沂市', [['371323', '沂水县'], ['371325', '费县']]),
  ...other('甘肃省', '天水市', [['620523', '甘谷县']]),
  ...other('重庆市', '', [['500230', '丰都县'], ['500235', '云阳县'], ['500236', '奉节县']]),
  ...other('广西壮族自治区', '玉林市', [['450923', '博白县']]),
  ...other('福建省', '宁德市', [['350921', '霞浦县']]),
]);

/** A few other well-known codes (e.g. the SECURITY.md §1.7 fixtures). */
const MISC_COUNTIES: readonly AdminDivision[] = [
  { code: '110105', name: '朝阳区', province: '北京市', prefecture: '' },
];

const TABLE: ReadonlyMap<string, AdminDivision> = new Map(
  [...ZHEJIANG_COUNTIES, ...FLOATING_ORIGIN_COUNTIES, ...MISC_COUNTIES].map((d) => [d.code, d]),
);

/** Looks up a county-level code in the bundled subset. */
export function lookupRegion(code: string): AdminDivision | undefined {
  return TABLE.get(code);
}

/** True when the 6-digit code is in the bundled subset or is an HK/MO/TW permit code. */
export function isKnownRegionCode(code: string): boolean {
  return TABLE.has(code) || Object.prototype.hasOwnProperty.call(HMT_PERMIT_REGION_CODES, code);
}

/** Province name for a code's first two digits, or undefined when the prefix is not a valid province. */
export function provinceName(code: string): string | undefined {
  const p = code.slice(0, 2);
  return Object.prototype.hasOwnProperty.call(PROVINCE_PREFIXES, p) ? PROVINCE_PREFIXES[p] : undefined;
}

/** Full display name, e.g. 浙江省舟山市定海区; falls back to the province name, then undefined. */
export function regionFullName(code: string): string | undefined {
  const d = TABLE.get(code);
  if (d) return d.province + d.prefecture + d.name;
  const hmt = HMT_PERMIT_REGION_CODES[code];
  if (hmt) return hmt;
  return provinceName(code);
}
