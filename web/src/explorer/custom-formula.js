// The custom loss's formula: the user's expression typeset as it is typed. lab.expression()
// turns the text into LaTeX (the parser's own precedence, so what is shown is what is
// computed), and KaTeX turns that into MathML, which the browser lays out (like the catalogue's
// formulas, typeset at build time). KaTeX's script (~260 KB) is imported only the first time
// the custom loss is shown. katex.render builds DOM nodes, which the page's CSP allows.
// Until KaTeX arrives, and when the text does not parse, the text itself is shown (the
// options form marks the error's column).
const DELAY_MS = 150;

let katexPromise = null;
/** KaTeX, loaded once per page. */
function loadKatex() {
  katexPromise ??= import('katex').then((m) => m.default ?? m);
  return katexPromise;
}

/**
 * @param {{ lab: { expression(text: string): { latex: string } }, element: HTMLElement }} deps
 *   `element` is where the formula goes (the picker's formula box).
 */
export function createCustomFormula({ lab, element }) {
  let timer = 0;
  let wanted = null; // the text to show, or null when the custom loss is not shown
  let generation = 0;

  function showText(text) {
    element.classList.add('mono');
    element.replaceChildren(document.createTextNode(text));
  }

  async function typeset(text, id) {
    let latex;
    try {
      latex = lab.expression(text).latex;
    } catch {
      showText(text); // malformed: the options form shows where
      return;
    }
    let katex;
    try {
      katex = await loadKatex();
    } catch {
      if (id === generation) showText(text);
      return;
    }
    if (id !== generation) return; // the text changed, or the loss did, while KaTeX loaded
    const target = document.createElement('div');
    try {
      katex.render(latex, target, { displayMode: true, throwOnError: false, strict: 'ignore', output: 'mathml' });
    } catch {
      showText(text);
      return;
    }
    element.classList.remove('mono');
    element.replaceChildren(...target.childNodes);
    element.title = text;
  }

  return {
    /** Shows `text` typeset: at once the first time, then debounced as it changes. */
    update(text) {
      text = String(text ?? '');
      if (text === wanted) return; // already shown, or on its way
      const first = wanted === null;
      wanted = text;
      clearTimeout(timer);
      const id = ++generation;
      if (first) {
        showText(text);
        typeset(text, id);
        return;
      }
      timer = setTimeout(() => {
        timer = 0;
        if (id === generation) typeset(text, id);
      }, DELAY_MS);
    },
    /** The custom loss is no longer shown: drop anything pending. */
    stop() {
      clearTimeout(timer);
      timer = 0;
      wanted = null;
      generation++;
      element.removeAttribute('title');
    },
  };
}
