// The Share button: copies the page's link (navigator.clipboard, or a selected text field when
// the clipboard is not available) and says what happened.
import { h } from './dom.js';

/**
 * @param {{ link: () => string }} deps  link() gives the URL to share (with the current hash)
 */
export function createShare({ link }) {
  const status = h('span', { className: 'share-status', 'data-testid': 'share-status', 'aria-live': 'polite' });
  const field = h('input', {
    type: 'text', readOnly: true, className: 'share-link mono', hidden: true,
    'data-testid': 'share-link', 'aria-label': 'Link to this view',
  });
  const button = h('button', { type: 'button', className: 'primary', 'data-testid': 'share', onclick: () => share() }, 'Share');
  const element = h('div', { className: 'share' }, button, status, field);

  async function share() {
    const url = link();
    field.value = url;
    try {
      await navigator.clipboard.writeText(url);
      field.hidden = true;
      status.textContent = 'Link copied.';
    } catch {
      // No clipboard (permissions, insecure context): show the link, selected, to copy by hand.
      field.hidden = false;
      field.focus();
      field.select();
      status.textContent = 'Copy this link:';
    }
  }
  return { element };
}
