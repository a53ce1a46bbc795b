import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next from 'i18next';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { Figure } from './figures-card';

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

describe('a figure’s value', () => {
  const draw = async (language: string, value: number | string) => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: language, resources: {} });
    return renderToString(createElement(I18nextProvider, { i18n }, createElement(Figure, { testId: 'f', value, label: 'L' })));
  };
  it('a number is shown as a count with thousands separators, in either language', async () => {
    expect(await draw('zh-CN', 12345)).toContain('<strong>12,345</strong>');
    expect(await draw('en', 1234567)).toContain('<strong>1,234,567</strong>');
    expect(await draw('en', 0)).toContain('<strong>0</strong>');
  });
  it('text is shown as it is (the caller formatted it)', async () => {
    expect(await draw('en', '1,200 / 3,400')).toContain('<strong>1,200 / 3,400</strong>');
  });
});
