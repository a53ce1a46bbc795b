// axe-core (the standard automated accessibility checker) run in a page: WCAG 2.0/2.1 A and AA rules, its violations
// of the impacts asked for, less the exclusions a spec names (rule + the element's selector + why).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let source: string | undefined;
/** axe.min.js, read once. It is evaluated in the page (the app's CSP forbids an added script tag; evaluation is not a tag). */
const axeSource = () => (source ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

export type Impact = 'minor' | 'moderate' | 'serious' | 'critical';

/** A known violation left on purpose: the rule, a CSS selector of the element (or one of its ancestors) and why. */
export type AxeExclusion = { rule: string; selector: string; why: string };

export type AxeOptions = {
  /** Impacts reported (default: serious and critical). */
  impacts?: readonly Impact[];
  exclude?: readonly AxeExclusion[];
};

/** A rule broken on the page: its elements as CSS selectors (`targets`) and, for each, what axe found (`details`). */
export type AxeViolation = { rule: string; impact: Impact; help: string; helpUrl: string; targets: string[]; details: string[] };

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * The staff layout's screen watermark (ADR 0040) is an image tiled over the whole page; axe cannot tell the colour
 * behind any text under it and reports every contrast check as "incomplete" — no result at all. While axe runs, the mark
 * is put behind the page (a style sheet rule: no attribute of the mark changes, so neither antd nor watermark-guard.ts
 * redraws it); the rule is removed afterwards. The mark itself is 9 % black text, faint by design.
 */
const WATERMARK_BEHIND = '.rx-watermark > div[style*="background-image"] { z-index: -1 !important; }';

/**
 * While axe runs, no colour is half-way through a transition: antd fades a button's colour over 0.2 s after a click or a
 * hover, and axe once read the import page's 检查 button mid-fade (#2e7ae6, 4.16:1) where both ends pass. Turning the
 * transitions off ends a running one at its final value (CSS Transitions: a transition whose property is no longer
 * transitioned is cancelled), so axe reads the colours the page settles on.
 */
const NO_TRANSITIONS = '*, *::before, *::after { transition: none !important; animation-duration: 0s !important; animation-delay: 0s !important; }';

/**
 * Runs axe on the page as it is now and returns its violations of the given impacts, minus `exclude` (a violation's
 * element that matches — or lies inside — an excluded rule's selector is left out). Text, not a function, is evaluated:
 * the test runner's transpiler would wrap a function's inner names in a helper that the page does not have.
 */
export async function axeViolations(page: Page, options: AxeOptions = {}): Promise<AxeViolation[]> {
  const impacts = options.impacts ?? ['serious', 'critical'];
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(axeSource());
  const script = `(async () => {
    const style = document.createElement('style');
    style.textContent = ${JSON.stringify(WATERMARK_BEHIND + '\n' + NO_TRANSITIONS)};
    document.head.append(style);
    const exclude = ${JSON.stringify(options.exclude ?? [])};
    const impacts = ${JSON.stringify(impacts)};
    try {
      const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(TAGS)} }, resultTypes: ['violations'] });
      const out = [];
      for (const v of result.violations) {
        if (!impacts.includes(v.impact)) continue;
        const targets = [];
        const details = [];
        for (const node of v.nodes) {
          const el = node.target.length === 1 ? document.querySelector(node.target[0]) : null;
          if (el && exclude.some((x) => x.rule === v.id && el.closest(x.selector))) continue;
          targets.push(node.target.join(' >>> '));
          const check = [...node.any, ...node.all, ...node.none][0];
          details.push(check ? check.message : '');
        }
        if (targets.length) out.push({ rule: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, targets, details });
      }
      return out;
    } finally {
      style.remove();
    }
  })()`;
  return (await page.evaluate(script)) as AxeViolation[];
}

/** The violations as a readable list: rule, impact, help text and (up to 6) elements each with what axe found. */
export function describeViolations(where: string, violations: readonly AxeViolation[]): string {
  if (!violations.length) return `${where}: no violations`;
  const lines = violations.map((v) => {
    const shown = v.targets.slice(0, 6).map((t, i) => `      ${t}\n        ${v.details[i] ?? ''}`);
    const more = v.targets.length > 6 ? `\n      … and ${v.targets.length - 6} more` : '';
    return `  ${v.rule} (${v.impact}): ${v.help} — ${v.helpUrl}\n${shown.join('\n')}${more}`;
  });
  return `${where}: ${violations.length} accessibility rule(s) violated\n${lines.join('\n')}\n`;
}
