// One focus ring per field (WCAG 2.4.7): a field with something inside its border (antd's .ant-input-affix-wrapper: a
// clear button, the password's eye) shows the app's 3 px ring around the whole field and none around the <input> inside
// it. Read from the stylesheet (the unit tests run without a browser; session5-pages.test.ts checks the computed styles
// in Chromium on the registry's search box and the login page's password).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WEB_SRC } from './source-files.test-util';

type Rule = { selector: string; body: string };

function rules(css: string): Rule[] {
  const out: Rule[] = [];
  for (const m of css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    for (const selector of m[1]!.split(',')) out.push({ selector: selector.trim().replace(/\s+/g, ' '), body: m[2]! });
  }
  return out;
}

describe('the focus ring of a field with a button inside', () => {
  const css = rules(fs.readFileSync(path.join(WEB_SRC, 'styles.css'), 'utf8'));
  const ring = /outline:\s*3px solid #0958d9/;

  it('draws the app’s ring around the whole field, takes the inner <input>’s away, and gives way to a focused button inside', () => {
    expect(css.find((r) => r.selector === ':focus-visible')?.body).toMatch(ring);
    expect(css.find((r) => r.selector === '.ant-input-affix-wrapper:focus-within')?.body).toMatch(ring);
    // The ring is taken away from the inner <input> and from the wrapper while a button in it has the focus; nowhere else
    // but the skip link's target (every other control keeps the global ring).
    const removed = css.filter((r) => /outline:\s*none/.test(r.body)).map((r) => r.selector);
    expect(removed).toEqual(['.ant-input-affix-wrapper > input.ant-input:focus-visible', '.ant-input-affix-wrapper:has(:not(input):focus-visible)', '#main:focus']);
  });
});
