// axe-core for the browser suites: the rules run, where the page gets axe (scripts/e2e.mjs serves
// node_modules/axe-core/axe.min.js at AXE_URL, same-origin, so the page's CSP allows it and nothing
// comes from the network), and the report of a run.
import assert from 'node:assert/strict';

/** Where scripts/e2e.mjs serves axe-core (relative to the page). */
export const AXE_URL = './e2e-axe.js';

/**
 * The rules axe runs: every rule axe-core 4 tags wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa or
 * best-practice (100 rules; the AAA ones and the deprecated duplicate-id rules are not run).
 * Listed here so a change of axe version cannot change what is checked unnoticed.
 */
export const AXE_RULES = Object.freeze([
  'accesskeys', 'area-alt', 'aria-allowed-attr', 'aria-allowed-role', 'aria-braille-equivalent', 'aria-command-name',
  'aria-conditional-attr', 'aria-deprecated-role', 'aria-dialog-name', 'aria-hidden-body', 'aria-hidden-focus',
  'aria-input-field-name', 'aria-meter-name', 'aria-progressbar-name', 'aria-prohibited-attr', 'aria-required-attr',
  'aria-required-children', 'aria-required-parent', 'aria-roledescription', 'aria-roles', 'aria-tab-name', 'aria-text',
  'aria-toggle-field-name', 'aria-tooltip-name', 'aria-treeitem-name', 'aria-valid-attr-value', 'aria-valid-attr',
  'audio-caption', 'autocomplete-valid', 'avoid-inline-spacing', 'blink', 'button-name', 'bypass', 'color-contrast',
  'css-orientation-lock', 'definition-list', 'dlitem', 'document-title', 'duplicate-id-aria', 'empty-heading',
  'empty-table-header', 'focus-order-semantics', 'form-field-multiple-labels', 'frame-focusable-content', 'frame-tested',
  'frame-title-unique', 'frame-title', 'heading-order', 'hidden-content', 'html-has-lang', 'html-lang-valid',
  'html-xml-lang-mismatch', 'image-alt', 'image-redundant-alt', 'input-button-name', 'input-image-alt',
  'label-content-name-mismatch', 'label-title-only', 'label', 'landmark-banner-is-top-level',
  'landmark-complementary-is-top-level', 'landmark-contentinfo-is-top-level', 'landmark-main-is-top-level',
  'landmark-no-duplicate-banner', 'landmark-no-duplicate-contentinfo', 'landmark-no-duplicate-main', 'landmark-one-main',
  'landmark-unique', 'link-in-text-block', 'link-name', 'list', 'listitem', 'marquee', 'meta-refresh',
  'meta-viewport-large', 'meta-viewport', 'nested-interactive', 'no-autoplay-audio', 'object-alt', 'p-as-heading',
  'page-has-heading-one', 'presentation-role-conflict', 'region', 'role-img-alt', 'scope-attr-valid',
  'scrollable-region-focusable', 'select-name', 'server-side-image-map', 'skip-link', 'summary-name', 'svg-img-alt',
  'tabindex', 'table-duplicate-name', 'table-fake-caption', 'target-size', 'td-has-header', 'td-headers-attr',
  'th-has-data-cells', 'valid-lang', 'video-caption',
]);

/**
 * In the page: loads axe (once) from `url`, runs `rules`, and returns the result cut to plain
 * JSON ({ passes, violations, incomplete, inapplicable }: ids; violations with their nodes).
 * Pass its source to an engine's evaluate (it uses nothing outside itself).
 */
export async function runAxeInPage(url, rules) {
  if (!window.axe) {
    await new Promise((resolve, reject) => {
      const script = Object.assign(document.createElement('script'), { src: url, onload: () => resolve(true), onerror: () => reject(new Error(`could not load ${url}`)) });
      document.head.append(script);
    });
  }
  const r = await window.axe.run(document, { runOnly: { type: 'rule', values: rules } });
  const ids = (list) => list.map((x) => ({ id: x.id }));
  return {
    passes: ids(r.passes), incomplete: ids(r.incomplete), inapplicable: ids(r.inapplicable),
    violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary })) })),
  };
}

/** A run's violations as lines (id, impact, first nodes, what to fix); asserts every rule ran. */
export function describeViolations(result) {
  const ran = new Set([...result.passes, ...result.violations, ...result.incomplete, ...result.inapplicable].map((r) => r.id));
  assert.deepEqual(AXE_RULES.filter((r) => !ran.has(r)), [], 'every listed rule ran');
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 5)
    .map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 220)}`).join(' | ')}`);
}
