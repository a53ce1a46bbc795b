// Numbers as users read them, in the UI language (pure; unit-tested in numbers.test.ts). Counts get thousands
// separators (zh-CN and en both write 12,345); expected or estimated values (a warning's 往常 figure, its limits, R_t)
// get at most a fixed number of decimals and no trailing zeros, so that "往常 3" stands next to an observed "3", not "3.0".
// Not for IDs, years, dates, phone numbers, codes or page numbers: those are shown as they are.

const formats = new Map<string, Intl.NumberFormat>();

/** One cached Intl.NumberFormat per language and number of decimals; an unknown language falls back to zh-CN. */
function numberFormat(language: string, maxDecimals: number): Intl.NumberFormat {
  const key = `${language}|${maxDecimals}`;
  let f = formats.get(key);
  if (!f) {
    const options: Intl.NumberFormatOptions = { maximumFractionDigits: maxDecimals };
    try {
      f = new Intl.NumberFormat(language, options);
    } catch {
      f = new Intl.NumberFormat('zh-CN', options);
    }
    formats.set(key, f);
  }
  return f;
}

const NONE = '—';

/** A count with thousands separators ("12,345"); null, undefined or not a finite number → "—". */
export function formatCount(v: number | null | undefined, language: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NONE;
  return numberFormat(language, 0).format(v);
}

/**
 * An expected or estimated value: at most `maxDecimals` decimals (rounded half away from zero, as Intl does), no
 * trailing zeros, thousands separators: 3 → "3", 3.04 → "3", 3.25 → "3.3", 1234.5 → "1,234.5". A value that rounds to
 * zero is "0", never "-0". Null, undefined or not a finite number → "—".
 */
export function formatEstimate(v: number | null | undefined, language: string, maxDecimals = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NONE;
  const f = numberFormat(language, maxDecimals);
  const text = f.format(v);
  // -0.04 rounds to "-0": show the zero without its sign.
  return text === f.format(-0) ? f.format(0) : text;
}
