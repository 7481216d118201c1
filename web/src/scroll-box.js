// A box that scrolls sideways when its content is wider (a long formula, a wide table on a
// phone) must be reachable by keyboard, or its hidden part cannot be read without a mouse: while
// its content overflows it is a focusable, named region (Tab, then the arrow keys scroll it);
// when everything fits it is a plain box again, not an extra Tab stop.
//
// `box.dataset.scrolls` is 'true' while it overflows (for tests).

/**
 * @param {HTMLElement} box  an element with overflow-x: auto
 * @param {string} label  what it holds, e.g. 'Per-element table'
 * @returns {() => void}  checks again (after a change ResizeObserver cannot see)
 */
export function keyboardScrollable(box, label) {
  let queued = 0;
  const update = () => {
    queued = 0;
    const over = box.scrollWidth > box.clientWidth + 1;
    if (String(over) === box.dataset.scrolls) return;
    box.dataset.scrolls = String(over);
    if (over) {
      box.tabIndex = 0;
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', `${label} (scrolls sideways)`);
    } else {
      box.removeAttribute('tabindex');
      box.removeAttribute('role');
      box.removeAttribute('aria-label');
    }
  };
  const later = () => {
    queued ||= requestAnimationFrame(update);
  };
  const sizes = new ResizeObserver(later);
  sizes.observe(box);
  const watch = () => {
    for (const child of box.children) sizes.observe(child);
    later();
  };
  new MutationObserver(watch).observe(box, { childList: true, subtree: true, characterData: true });
  watch();
  return later;
}
