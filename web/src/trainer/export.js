// Export: the weights (net.toJSON(), which lab.network() loads back), the loss curves as CSV, and
// the plot(s) as one PNG.
import { h, replace, download } from '../dom.js';

/**
 * @param {{ weights: (run: number) => Promise<object|null>, csv: () => string,
 *           canvases: () => {canvas: HTMLCanvasElement, title: string}[], name: () => string }} deps
 */
export function createExport({ weights, csv, canvases, name }) {
  const jsonButtons = h('span', { className: 'export-json' });
  const status = h('span', { className: 'hint', 'aria-live': 'polite' });
  const csvButton = h('button', { type: 'button', 'data-testid': 'trainer-export-csv', onclick: () => saveCsv() }, 'Loss curves (CSV)');
  const pngButton = h('button', { type: 'button', 'data-testid': 'trainer-export-png', onclick: () => savePng() }, 'Plot (PNG)');
  const element = h('div', { className: 'trainer-export' }, h('span', { className: 'export-label' }, 'Save:'), jsonButtons, csvButton, pngButton, status);
  const view = { key: '' };

  async function saveJson(run, loss) {
    const json = await weights(run);
    if (!json) {
      status.textContent = 'There is no network to save yet.';
      return;
    }
    status.textContent = '';
    download(new Blob([`${JSON.stringify(json, null, 1)}\n`], { type: 'application/json' }), `${name()}-${loss}.json`);
  }

  function saveCsv() {
    download(new Blob([csv()], { type: 'text/csv' }), `${name()}-curves.csv`);
  }

  function savePng() {
    const parts = canvases();
    const ratio = window.devicePixelRatio || 1;
    const gap = 12 * ratio;
    const head = 24 * ratio;
    const width = parts.reduce((s, p) => s + p.canvas.width, 0) + gap * (parts.length + 1);
    const height = Math.max(...parts.map((p) => p.canvas.height)) + head + gap;
    const out = h('canvas', { width, height });
    const ctx = out.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = '#1f2937';
    ctx.font = `${13 * ratio}px system-ui, sans-serif`;
    let x = gap;
    for (const p of parts) {
      ctx.fillText(p.title, x, head - 7 * ratio);
      ctx.drawImage(p.canvas, x, head);
      x += p.canvas.width + gap;
    }
    out.toBlob((blob) => blob && download(blob, `${name()}-plot.png`), 'image/png');
  }

  return {
    element,
    /** One weights button per network: its loss id names the file. */
    render(losses) {
      const key = losses.join(',');
      if (key === view.key) return;
      view.key = key;
      replace(jsonButtons, losses.map((loss, k) => h('button', {
        type: 'button', 'data-testid': `trainer-export-json${k ? '-b' : ''}`, onclick: () => saveJson(k, loss),
      }, losses.length > 1 ? `Weights, ${loss} (JSON)` : 'Weights (JSON)')));
    },
  };
}
