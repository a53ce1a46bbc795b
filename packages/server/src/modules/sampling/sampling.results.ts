import type { Sheet } from '../registry';
import { BARCODE_RE, type TubeResult } from './sampling.service';

/**
 * The lab's result sheet (ADR 0079): headers matched tolerantly (spaces, full-width brackets and case ignored), result
 * words in Chinese or English. Pure: rows in, `{ items, errors }` out; the service applies the items.
 */
const norm = (s: string) => s.replace(/[\s\u3000()（）:：*]/g, '').toLowerCase();
const BARCODE_HEADERS = ['试管编码', '试管编号', '试管条码', '条码', '管码', '样本编号', '样本条码', 'barcode', 'tube', 'tubebarcode', 'sampleid'].map(norm);
const RESULT_HEADERS = ['检测结果', '结果', '核酸结果', 'result', 'testresult'].map(norm);

const RESULT_WORDS: Record<string, Exclude<TubeResult, 'pending'>> = {
  阴性: 'negative', 'negative': 'negative', neg: 'negative', '-': 'negative', '（-）': 'negative', '(-)': 'negative', 未检出: 'negative',
  阳性: 'positive', 'positive': 'positive', pos: 'positive', '+': 'positive', '（+）': 'positive', '(+)': 'positive', 检出: 'positive',
  无效: 'invalid', 'invalid': 'invalid', 不合格: 'invalid', 样本不合格: 'invalid',
};

export type ResultRowError = { row: number; column: string; code: string; message: string };
export type ParsedResults = { columns: { barcode: string; result: string }; rows: number; items: Array<{ row: number; barcode: string; result: Exclude<TubeResult, 'pending'> }>; errors: ResultRowError[] };

/** Whether a row is the header row: it names a barcode column and a result column. */
export function isResultHeaderRow(cells: string[]): boolean {
  const n = cells.map(norm);
  return n.some((c) => BARCODE_HEADERS.includes(c)) && n.some((c) => RESULT_HEADERS.includes(c));
}

export function parseResultSheet(sheet: Sheet): ParsedResults | { missing: string[] } {
  const n = sheet.headers.map(norm);
  const bi = n.findIndex((c) => BARCODE_HEADERS.includes(c));
  const ri = n.findIndex((c) => RESULT_HEADERS.includes(c));
  if (bi < 0 || ri < 0) return { missing: [...(bi < 0 ? ['试管编码'] : []), ...(ri < 0 ? ['检测结果'] : [])] };
  const bCol = sheet.headers[bi]!;
  const rCol = sheet.headers[ri]!;
  const out: ParsedResults = { columns: { barcode: bCol, result: rCol }, rows: 0, items: [], errors: [] };
  const seen = new Map<string, number>();
  for (const { row, cells } of sheet.rows) {
    const barcode = (cells[bi] ?? '').trim();
    const word = (cells[ri] ?? '').trim();
    if (!barcode && !word) continue;
    out.rows += 1;
    if (!barcode) { out.errors.push({ row, column: bCol, code: 'required', message: '缺少试管编码' }); continue; }
    if (!BARCODE_RE.test(barcode)) { out.errors.push({ row, column: bCol, code: 'format', message: '试管编码应为 6–32 位字母、数字或 -' }); continue; }
    if (!word) { out.errors.push({ row, column: rCol, code: 'required', message: '缺少检测结果' }); continue; }
    const result = RESULT_WORDS[word.toLowerCase()] ?? RESULT_WORDS[word.replace(/\s/g, '')];
    if (!result) { out.errors.push({ row, column: rCol, code: 'format', message: `无法识别的检测结果“${word.slice(0, 10)}”（应为 阴性 / 阳性 / 无效）` }); continue; }
    const first = seen.get(barcode);
    if (first !== undefined) { out.errors.push({ row, column: bCol, code: 'duplicate_in_file', message: `与第 ${first} 行的试管重复` }); continue; }
    seen.set(barcode, row);
    out.items.push({ row, barcode, result });
  }
  return out;
}
