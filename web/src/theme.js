// The colour scheme. The page follows the system (prefers-color-scheme) until the toggle picks
// light or dark, which the URL keeps (state key `theme`). <body data-theme> holds that choice (the
// CSS reads it: styles.css); <body data-scheme> the scheme in effect (for tests and devtools).
// Both live on <body>, not <html>: an attribute change on <html> trips the hostile suite's
// watchdog into scanning the head's own tags (as data-wasm did).
// Figures (plots, charts) stay on light paper in both schemes (styles.css, --paper).
import { h } from './dom.js';

/**
 * @param {{ onChoose: (theme: 'light'|'dark') => void }} deps  onChoose: store the new choice
 * @returns {{ element: HTMLButtonElement, render: (theme: ''|'light'|'dark') => void }}
 */
export function createThemeToggle({ onChoose }) {
  const media = matchMedia('(prefers-color-scheme: dark)');
  const view = { choice: '' };
  const scheme = () => view.choice || (media.matches ? 'dark' : 'light');
  const button = h('button', {
    type: 'button', className: 'theme-toggle', 'data-testid': 'theme-toggle', 'aria-pressed': 'false',
    onclick: () => onChoose(scheme() === 'dark' ? 'light' : 'dark'),
  }, 'Dark mode');

  function apply() {
    const root = document.body;
    if (view.choice) root.dataset.theme = view.choice;
    else delete root.dataset.theme;
    root.dataset.scheme = scheme();
    button.setAttribute('aria-pressed', String(scheme() === 'dark'));
    button.title = view.choice ? `Chosen here (${view.choice}); the link keeps it` : 'Following the system setting';
  }
  media.addEventListener('change', apply);
  return {
    element: button,
    render(theme) {
      if (theme === view.choice && document.body.dataset.scheme) return;
      view.choice = theme;
      apply();
    },
  };
}
