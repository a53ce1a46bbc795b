// Full ID numbers (GB 11643, 18 characters with a valid check character) and full mainland mobile numbers in a text.
// Shared by the in-process tests' watch (watch-personal-data.ts) and the browser suite's (packages/e2e/src/browser.ts),
// so it imports nothing of the server.
import { cnIdCheckChar } from '@renxing/shared';

const FULL_ID = /(?<![\dA-Za-z.])\d{17}[\dXx](?![\dA-Za-z.])/g;
const FULL_PHONE = /(?<![\dA-Za-z.])1[3-9]\d{9}(?![\dA-Za-z.])/g;

export type FullValue = { kind: 'idNumber' | 'phone'; text: string; value: string };

/** Full ID numbers and phone numbers in a text; `text` names each by its first digits only (`value` is never printed). */
export function fullPersonalData(body: string): FullValue[] {
  return [
    ...[...body.matchAll(FULL_ID)]
      .filter((m) => cnIdCheckChar(m[0].slice(0, 17)) === m[0][17]!.toUpperCase())
      .map((m) => ({ kind: 'idNumber' as const, text: `an ID number ${m[0].slice(0, 6)}…`, value: m[0] })),
    ...[...body.matchAll(FULL_PHONE)].map((m) => ({ kind: 'phone' as const, text: `a phone number ${m[0].slice(0, 3)}…`, value: m[0] })),
  ];
}
