// The page's style sheet made fit for a shadow root (pure; tests/web/elements.test.mjs).

/**
 * The page's style sheet for a shadow root, which has no :root: each `:root { … }` rule (also
 * inside @media) applies to the host instead, and each of its custom properties `--name` and its
 * font family can be set from outside as `--losslab-name` and `--losslab-font`
 * (`losslab-explorer { --losslab-accent: #7c3aed }`). Follows whatever styles.css defines.
 */
export function hostCss(css) {
  // `:root {`, or `:root` first in a selector list (`:root, body[data-theme='light'] {`).
  return css.replace(/(^|[\s,{}])(:root)((?:\s*,[^{}]*)?\s*\{)([^}]*)\}/g, (all, before, root, open, body) => {
    const themed = body.split(';').map((declaration) => {
      const at = declaration.indexOf(':');
      if (at < 0) return declaration;
      const name = declaration.slice(0, at).replace(/\/\*[\s\S]*?\*\//g, '').trim();  // comments before it go
      const value = declaration.slice(at + 1).trim();
      // The primary buttons' fills follow an author's accent unless set themselves.
      const fallback = name.startsWith('--accent-fill') ? `var(--losslab-accent, ${value})` : value;
      // The build's light-dark() switches (--lightningcss-light, --lightningcss-dark: `initial`
      // or empty) stay as they are: they are not a theme, and `initial` only works written out.
      if (name.startsWith('--lightningcss-')) return declaration;
      if (name.startsWith('--')) return `${name}: var(--losslab-${name.slice(2)}, ${fallback})`;
      if (name === 'font-family') return `${name}: var(--losslab-font, ${value})`;
      return declaration;
    }).join(';');
    return `${before}:host${open}${themed}}`;
  });
}
