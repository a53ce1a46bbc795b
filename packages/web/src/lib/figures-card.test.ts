import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The dashboard's figure cards share one component (lib/figures-card.tsx) and one set of styles (cards.css .rx-figures),
// so that they cannot drift apart: the same title, link, loading, error and figure layout.
const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (rel: string) => fs.readFileSync(path.join(src, rel), 'utf8');

describe('dashboard figure cards', () => {
  it.each(['features/self-reports/today.card.tsx', 'features/warnings/open-warnings.card.tsx'])('%s is a FiguresCard with Figure children', (rel) => {
    const code = read(rel);
    expect(code).toMatch(/from '\.\.\/\.\.\/lib\/figures-card'/);
    expect(code).toMatch(/<FiguresCard[\s>]/);
    expect(code).toMatch(/<Figures>/);
    // No second copy of the card's frame or of the figure boxes.
    expect(code).not.toMatch(/<Card[\s>]/);
    expect(code).not.toMatch(/rx-srs-today|rx-wr-today"/);
  });
  it('the figure styles live once, in cards.css', () => {
    expect(read('lib/cards.css')).toMatch(/\.rx-figure strong/);
    expect(read('features/self-reports/self-reports.css')).not.toMatch(/rx-srs-today/);
    expect(read('features/warnings/warnings.css')).not.toMatch(/\.rx-wr-today[ >{]/);
  });
});
