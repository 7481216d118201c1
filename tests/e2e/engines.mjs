// One small driver API over three engines, for the cross-engine suite (cross-engine.mjs):
//   chromium  Debian's chromium, through playwright-core (as harness.mjs)
//   firefox   Debian's firefox-esr, through puppeteer-core over WebDriver BiDi
//   webkit    WebKitGTK's MiniBrowser, through WebKitWebDriver (W3C WebDriver, plain fetch),
//             under an Xvfb this module starts and stops itself
// Nothing is downloaded: the browsers are the Debian packages scripts/setup.sh installs.
//
//   const engine = await launch('webkit');   // { name, version, page, close() }
//   await engine.page.open('#loss=mse', { query: 'simd=0' });
//   await engine.page.click('train-toggle');  // by data-testid
//   await engine.page.run((a) => document.title + a, '!');
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export const BASE_URL = process.env.LOSSLAB_URL ?? 'http://127.0.0.1:8080/';
export const VIEWPORT = { width: 1280, height: 900 };
const POLL_MS = 50;
const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const MINIBROWSER = process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const byTestId = (id) => `[data-testid="${id}"]`;

/**
 * What every engine's page offers. Engines supply `go(url)`, `evaluate(source, args)` (the
 * source of a function, run in the page with `args`; a returned promise is awaited) and the
 * three inputs `clickSelector`, `fillSelector`, `selectOption`.
 */
class Page {
  constructor(engine) {
    this.engine = engine;
    this.visits = 0;
  }

  /**
   * A fresh document at `hash` (e.g. '#loss=mse'): `?e2e=1` (the probe) plus `query`, and a
   * visit counter, so two opens never share a document (a hash change alone would not reload).
   * Resolves once the explorer shows a value or an error.
   */
  async open(hash = '', { query = '' } = {}) {
    const url = new URL(BASE_URL);
    url.search = `?e2e=1&visit=${++this.visits}${query ? `&${query}` : ''}`;
    url.hash = hash;
    await this.go(url.href);
    await this.waitFor(() => Boolean(window.__e2e), [], { what: 'the e2e probe to load' });
    await this.waitFor(() => Boolean(document.querySelector('[data-testid="loss-value"]')?.textContent
      || document.querySelector('[data-testid="loss-error"]')?.textContent), [], { what: 'the first result' });
  }

  /** Runs `fn(...args)` in the page (args and result are JSON); awaits a returned promise. */
  run(fn, ...args) {
    return this.evaluate(fn.toString(), args);
  }

  /** Polls `fn(...args)` in the page until it returns something truthy (returned). The
   *  default wait is long (90 s) because a loaded machine slows WebKitGTK's software rendering
   *  and the baseline build's start most; a page that never gets there still fails. */
  async waitFor(fn, args = [], { timeout = 90_000, what = fn.toString().slice(0, 160) } = {}) {
    const source = fn.toString();
    const end = Date.now() + timeout;
    for (;;) {
      const value = await this.evaluate(source, args);
      if (value) return value;
      if (Date.now() > end) throw new Error(`${this.engine}: timed out after ${timeout} ms waiting for ${what}`);
      await sleep(POLL_MS);
    }
  }

  text(testid) {
    return this.run((s) => document.querySelector(s)?.textContent ?? null, byTestId(testid));
  }

  waitText(testid, pattern, options) {
    return this.waitFor((s, source) => {
      const el = document.querySelector(s);
      return Boolean(el && new RegExp(source).test(el.textContent)) && el.textContent;
    }, [byTestId(testid), pattern.source], { what: `${testid} to match ${pattern}`, ...options });
  }

  click(testid) {
    return this.clickSelector(byTestId(testid));
  }

  /** Replaces a text field's contents by typing `text`. */
  fill(testid, text) {
    return this.fillSelector(byTestId(testid), text);
  }

  select(testid, value) {
    return this.selectOption(byTestId(testid), value);
  }

  /** Everything the probe recorded since the last call (errors, rejections, console errors…). */
  problems() {
    return this.run(() => window.__e2e.take());
  }

  /** The downloads offered since the last call: [{ name, size, head, text }]. */
  downloads() {
    return this.run(() => window.__e2e.downloads());
  }
}

// ---------------------------------------------------------------------------------------------
// Chromium: playwright-core.

class ChromiumPage extends Page {
  constructor(page) {
    super('chromium');
    this.page = page;
  }

  go(url) {
    return this.page.goto(url);
  }

  evaluate(source, args) {
    return this.page.evaluate(`(${source})(...${JSON.stringify(args)})`);
  }

  clickSelector(selector) {
    return this.page.click(selector);
  }

  fillSelector(selector, text) {
    return this.page.fill(selector, text);
  }

  async selectOption(selector, value) {
    await this.page.selectOption(selector, value);
  }
}

async function launchChromium() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = new ChromiumPage(await context.newPage());
  return { name: 'chromium', version: `Chromium ${browser.version()}`, page, close: () => browser.close() };
}

// ---------------------------------------------------------------------------------------------
// Firefox ESR: puppeteer-core over WebDriver BiDi.

class FirefoxPage extends Page {
  constructor(page) {
    super('firefox');
    this.page = page;
  }

  async go(url) {
    await this.page.goto(url, { waitUntil: 'load' });
  }

  evaluate(source, args) {
    // A string expression: BiDi's script.evaluate, awaiting the promise it returns.
    return this.page.evaluate(`(${source})(...${JSON.stringify(args)})`);
  }

  clickSelector(selector) {
    return this.page.locator(selector).click();
  }

  fillSelector(selector, text) {
    return this.page.locator(selector).fill(text);
  }

  async selectOption(selector, value) {
    await this.page.select(selector, value);
  }
}

async function launchFirefox() {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    protocol: 'webDriverBiDi',
    headless: true,
    // Nothing at run time may come from the internet (puppeteer's profile already turns most of
    // Firefox's background traffic off; these are the rest).
    extraPrefsFirefox: {
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'browser.safebrowsing.update.enabled': false,
      'extensions.getAddons.cache.enabled': false,
      'app.update.disabledForTesting': true,
    },
  });
  const page = await browser.newPage();
  await page.setViewport(VIEWPORT);
  const version = (await browser.version()).replace(/^firefox\//i, 'Firefox ESR ');
  return { name: 'firefox', version, page: new FirefoxPage(page), close: () => browser.close() };
}

// ---------------------------------------------------------------------------------------------
// WebKitGTK: WebKitWebDriver (W3C WebDriver over HTTP) driving MiniBrowser, under Xvfb.

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** A free TCP port on 127.0.0.1 (asked of the OS). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `command` in its own process group (so stopping it also stops what it started, such
 * as MiniBrowser under WebKitWebDriver); `stop()` ends that group.
 */
function start(command, args, options = {}) {
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe', ...(options.extraFds ?? [])], env: options.env ?? process.env });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const gone = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
    if (!gone) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch { /* already gone */ }
    }
  };
  // A crash of the test process must not leave them behind.
  const onExit = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch { /* already gone */ }
  };
  process.once('exit', onExit);
  return { child, exited, stop: async () => { await stop(); process.off('exit', onExit); }, stderr: () => stderr };
}

/** Xvfb on a display number it picks itself (-displayfd), e.g. ':99'. */
async function startXvfb() {
  const xvfb = start('Xvfb', ['-displayfd', '3', '-screen', '0', '1920x1080x24', '-nolisten', 'tcp', '-noreset'], { extraFds: ['pipe'] });
  const display = await new Promise((resolve, reject) => {
    let out = '';
    xvfb.child.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(`:${out.trim()}`);
    });
    xvfb.exited.then((code) => reject(new Error(`Xvfb exited (${code}): ${xvfb.stderr()}`)));
    sleep(15_000).then(() => reject(new Error(`Xvfb did not start: ${xvfb.stderr()}`)));
  });
  return { ...xvfb, display };
}

class WebKitPage extends Page {
  constructor(call) {
    super('webkit');
    this.call = call;
  }

  go(url) {
    return this.call('POST', '/url', { url });
  }

  evaluate(source, args) {
    // The spec's "execute script" awaits a returned promise.
    return this.call('POST', '/execute/sync', { script: `return (${source}).apply(null, arguments);`, args });
  }

  async element(selector) {
    const found = await this.call('POST', '/element', { using: 'css selector', value: selector });
    return found[ELEMENT];
  }

  async clickSelector(selector) {
    await this.call('POST', `/element/${await this.element(selector)}/click`, {});
  }

  async fillSelector(selector, text) {
    const id = await this.element(selector);
    await this.call('POST', `/element/${id}/clear`, {});
    await this.call('POST', `/element/${id}/value`, { text });
  }

  /** Clicking an <option> selects it (WebDriver's element click on an option). */
  async selectOption(selector, value) {
    await this.clickSelector(`${selector} option[value="${value}"]`);
  }
}

async function launchWebKit() {
  const stops = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const xvfb = await startXvfb();
    stops.push(xvfb.stop);
    const port = await freePort();
    // The C locale is the harshest (navigator.language is then 'C', not a BCP 47 tag: issue 19),
    // and pinning it makes runs the same on every machine.
    const env = { ...process.env, DISPLAY: xvfb.display, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', NO_AT_BRIDGE: '1' };
    const driver = start('WebKitWebDriver', [`--port=${port}`, '--host=127.0.0.1'], { env });
    stops.push(driver.stop);
    const base = `http://127.0.0.1:${port}`;
    const request = async (method, path, body) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const reply = await response.json();
      if (!response.ok) throw new Error(`WebKitWebDriver ${method} ${path}: ${reply.value?.error}: ${reply.value?.message}`);
      return reply.value;
    };
    for (let tries = 0; ; tries++) {
      try {
        if ((await request('GET', '/status')).ready) break;
      } catch (error) {
        if (tries > 100) throw new Error(`WebKitWebDriver did not start: ${error.message} ${driver.stderr()}`);
      }
      await sleep(100);
    }
    const session = await request('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'MiniBrowser',
          'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
        },
      },
    });
    const id = session.sessionId;
    stops.push(() => request('DELETE', `/session/${id}`).catch(() => {})); // first of the stops
    const call = (method, path, body) => request(method, `/session/${id}${path}`, body);
    await call('POST', '/window/rect', { x: 0, y: 0, ...VIEWPORT }).catch(() => {});
    const version = `WebKitGTK ${session.capabilities.browserVersion}`;
    return { name: 'webkit', version, page: new WebKitPage(call), close: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Starts `name` ('chromium' | 'firefox' | 'webkit'). */
export function launch(name) {
  switch (name) {
    case 'chromium': return launchChromium();
    case 'firefox': return launchFirefox();
    case 'webkit': return launchWebKit();
    default: throw new Error(`unknown engine ${name}`);
  }
}
