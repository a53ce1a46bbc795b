import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sourceFiles, srcRelative, WEB_SRC } from '../source-files.test-util';

// A control nested in a link (`<Link><Button/></Link>`) is invalid HTML (interactive content inside <a>), is announced
// twice and takes two Tab stops for one action; lib/link-button.tsx is the button that opens a page.
const files = sourceFiles(WEB_SRC, (name) => name.endsWith('.tsx')).map((p) => ({ rel: srcRelative(p), code: fs.readFileSync(p, 'utf8') }));

/** The `<Link …>` elements of a file whose content holds a `<Button` (attributes and content may span lines). */
function buttonsInLinks(code: string): string[] {
  const out: string[] = [];
  const re = /<Link[\s>][\s\S]*?<\/Link>/g;
  for (let m = re.exec(code); m; m = re.exec(code)) if (/<(Button|LinkButton)[\s>]/.test(m[0])) out.push(m[0]);
  return out;
}

describe('no button inside a link', () => {
  it('finds one in a sample (the check works)', () => {
    expect(buttonsInLinks('<Link to="/registry">\n  <Button type="primary">x</Button>\n</Link>')).toHaveLength(1);
    expect(buttonsInLinks('<Link to="/a">a</Link> <Button>b</Button>')).toEqual([]);
  });

  it('the web app has none', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap((f) => buttonsInLinks(f.code).map((m) => `${f.rel}: ${m.replace(/\s+/g, ' ')}`))).toEqual([]);
  });
});
