import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

/** Headers of the downloadable template, in column order. */
export const TEMPLATE_HEADERS = ['姓名', '身份证号', '手机号', '小区', '楼栋', '单元', '房号', '与户主关系', '人员类型', '标签', '编号'] as const;

/** The example row (synthetic person; the ID is a valid-checksum test number from SECURITY.md §1.7). */
export const TEMPLATE_EXAMPLE = ['张示例', '330902198001011233', '13800000000', '示例小区', '1幢', '1单元', '101', '户主', '户籍', '独居', 'A-0001'] as const;

/** Notes sheet rows: column, required, explanation, allowed values. */
export const TEMPLATE_NOTES: ReadonlyArray<readonly [string, string, string, string]> = [
  ['姓名', '必填', '居民姓名，不含数字', ''],
  ['身份证号', '必填', '18 位居民身份证号（港澳台居住证、外国人永久居留身份证同样格式）；请保持“文本”格式，否则 Excel 会丢失末几位；性别和出生日期由号码自动得出', '最后一位可为 X'],
  ['手机号', '选填', '11 位手机号，可带 +86、空格或短横线', ''],
  ['小区', '必填', '小区名称，须与系统中的小区一致', ''],
  ['楼栋', '必填', '楼栋号，如 1幢、3号楼', ''],
  ['单元', '必填', '单元号，如 1单元；无单元的楼栋填 1', ''],
  ['房号', '必填', '房号，如 101', ''],
  ['与户主关系', '选填', '本人与户主的关系', '户主/本人、配偶、子女、父母、孙子女、祖父母、兄弟姐妹、其他/租户'],
  ['人员类型', '选填', '居住类型', '户籍/常住、流动、租户/租住、外出/暂离'],
  ['标签', '选填', '关爱标签，多个用顿号、逗号或空格分隔；老年人、未成年人由身份证号自动判断，无需填写。独居、残疾、慢病、孕妇须有居民本人的书面单独同意：导入时勾选“已取得书面单独同意”，否则这些标签不会保存', '独居/独居老人、残疾、慢病/慢性病、孕妇/孕产妇、婴幼儿'],
  ['编号', '选填', '人员的外部编号（如原台账编号）', ''],
  ['（可选列）网格', '选填', '所属网格名称', ''],
  ['（可选列）户主身份证号', '选填', '户主的身份证号，用于把本人归入该户', ''],
  ['（可选列）监护人身份证号', '选填', '未成年人的监护人身份证号', ''],
  ['（可选列）性别、出生日期', '选填', '填写时会与身份证号核对，不一致则报错', '男、女；1980-01-01'],
  ['注意', '', '第 2 行是示例，导入前请删除。健康码、隔离状态、核酸结果、风险等级等列不能通过导入设置，会被忽略。', ''],
];

/** Build the import template workbook: data sheet with headers + example row (ID/phone/编号 as text), and a notes sheet. */
export function buildTemplateWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Renxing';
  const ws = wb.addWorksheet('居民信息', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = TEMPLATE_HEADERS.map((h) => ({ header: h, width: h === '身份证号' ? 22 : h === '标签' ? 18 : 12 }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  });
  // Text format for number-like columns so Excel keeps every digit.
  for (const h of ['身份证号', '手机号', '房号', '编号']) {
    ws.getColumn(TEMPLATE_HEADERS.indexOf(h as (typeof TEMPLATE_HEADERS)[number]) + 1).numFmt = '@';
  }
  ws.addRow([...TEMPLATE_EXAMPLE]).font = { italic: true, color: { argb: 'FF808080' } };
  const list = (col: number, values: string[]) => {
    for (let r = 2; r <= 1000; r++) {
      ws.getCell(r, col).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${values.join(',')}"`], showErrorMessage: false };
    }
  };
  list(8, ['户主', '配偶', '子女', '父母', '孙子女', '祖父母', '兄弟姐妹', '其他']);
  list(9, ['户籍', '常住', '流动', '租户', '外出']);

  const notes = wb.addWorksheet('填写说明');
  notes.columns = [
    { header: '列名', width: 22 },
    { header: '是否必填', width: 10 },
    { header: '说明', width: 70 },
    { header: '可填值', width: 50 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const n of TEMPLATE_NOTES) notes.addRow([...n]).alignment = { wrapText: true, vertical: 'top' };
  return wb;
}

/** Write the template as XLSX to a file path or a stream (exceljs ends the stream). */
export async function writeTemplateXlsx(out: string | Writable): Promise<void> {
  const wb = buildTemplateWorkbook();
  if (typeof out === 'string') await wb.xlsx.writeFile(out);
  else await wb.xlsx.write(out);
}
