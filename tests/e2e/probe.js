// Loaded before anything else by the pages the cross-engine suite opens (URLs with `?e2e=1`:
// scripts/e2e.mjs puts `<script src="./e2e-probe.js">` first in <head> for those only; a plain
// classic script, so the page's CSP allows it). It records, the same way in every engine:
// uncaught errors, unhandled rejections, failed resources, CSP violations, console errors and
// warnings, and errors of workers the page starts. Downloads (`<a download>` on a blob: URL) are
// kept in memory instead of saved, so the export buttons can be checked where no driver
// exposes downloads (WebKitWebDriver). The suite reads and empties `window.__e2e`.
(() => {
  const problems = [];
  const downloads = [];
  const text = (value) => {
    if (value instanceof Error) return `${value.name}: ${value.message}${value.stack ? ` | ${value.stack.replace(/\n/g, ' | ')}` : ''}`;
    try {
      return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  };
  const note = (kind, detail) => problems.push(`${kind}: ${detail}`);

  addEventListener('error', (event) => {
    if (event instanceof ErrorEvent) {
      note('uncaught error', `${event.error ? text(event.error) : event.message} (${event.filename}:${event.lineno}:${event.colno})`);
    } else {
      const el = event.target;
      note('resource failed', `<${el?.localName}> ${el?.src || el?.href || ''}`);
    }
  }, true);
  addEventListener('unhandledrejection', (event) => note('unhandled rejection', text(event.reason)));
  addEventListener('securitypolicyviolation', (event) => note('CSP violation', `${event.violatedDirective} ${event.blockedURI}`));
  for (const level of ['error', 'warn']) {
    const original = console[level];
    console[level] = function log(...args) {
      note(`console.${level}`, args.map(text).join(' '));
      return original.apply(this, args);
    };
  }
  const PageWorker = window.Worker;
  window.Worker = class extends PageWorker {
    constructor(...args) {
      super(...args);
      this.addEventListener('error', (event) => note('worker error', event.message || 'failed to start'));
    }
  };

  // The blobs behind blob: URLs (the page's CSP, connect-src 'self', forbids fetching them back).
  const blobs = new Map();
  const createObjectURL = URL.createObjectURL;
  URL.createObjectURL = function keep(blob) {
    const url = createObjectURL.call(URL, blob);
    blobs.set(url, blob);
    return url;
  };
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function clickOrKeep() {
    const blob = blobs.get(this.href);
    if (!this.hasAttribute('download') || !blob) return click.call(this);
    const name = this.download;
    downloads.push(blob.arrayBuffer().then((buffer) => {
      const bytes = new Uint8Array(buffer);
      const textual = /\.(json|csv)$/.test(name);
      return { name, size: bytes.length, head: [...bytes.subarray(0, 8)], text: textual ? new TextDecoder().decode(bytes) : null };
    }));
    return undefined;
  };

  window.__e2e = {
    problems,
    /** Everything recorded so far, emptied. */
    take: () => problems.splice(0),
    /** The downloads offered so far (awaited), emptied. */
    downloads: () => Promise.all(downloads.splice(0)),
  };
})();
