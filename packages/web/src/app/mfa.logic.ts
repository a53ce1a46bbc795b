/** Normalises what people type or paste (spaces, dashes, full-width digits from a Chinese IME) to ASCII digits. */
export function normaliseCode(raw: string): string {
  return raw.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[\s-]+/g, '');
}
