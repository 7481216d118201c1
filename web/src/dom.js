// Building DOM without innerHTML: text always goes in as text nodes, so user and URL data can
// never become markup.

/**
 * h('button', { type: 'button', 'data-testid': 'x', onclick: f }, 'Label', childNode)
 * Properties whose name contains '-' (data-*, aria-*) and `for`/`role` become attributes;
 * on* functions become listeners; false/null/undefined props are skipped.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key.includes('-') || key === 'for' || key === 'role') el.setAttribute(key, value === true ? '' : String(value));
    else el[key] = value;
  }
  append(el, children);
  return el;
}

/** Appends children: nodes as they are, strings and numbers as text, arrays flattened. */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Offers `blob` as a download called `filename`. */
export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Sets a field's text only when it differs, so typing is never disturbed. */
export function setValue(field, value) {
  if (field.value !== value) field.value = value;
}

/** True when `el` has the focus, in the document or in the shadow root it lives in (where
 *  document.activeElement is the shadow host, not the field). */
export function focused(el) {
  return el.getRootNode().activeElement === el;
}

/** Sizes a canvas's drawing buffer to its CSS box at the device's pixel ratio. `size` keeps the
 *  last width and height; true when they changed (the canvas is then cleared: redraw it). */
export function fitCanvas(canvas, size) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (width === size.width && height === size.height) return false;
  size.width = width;
  size.height = height;
  canvas.width = width;
  canvas.height = height;
  return true;
}
