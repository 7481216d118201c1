// The numbers of the latest frame: train and test loss, accuracy or R², and the recall of the
// rarest class — one column per network (two in Compare), so the table stays narrow on phones.
import { h, replace } from '../dom.js';
import { formatNumber, formatPercent } from '../format.js';
import { RUN_COLOURS } from './colours.js';

export function createMetrics() {
  const head = h('thead', {});
  const body = h('tbody', {});
  const caption = h('caption', {});
  const element = h('div', { className: 'table-wrap' }, h('table', { className: 'terms trainer-metrics', 'data-testid': 'trainer-metrics' }, caption, head, body));
  const view = { key: '', cells: [] };

  function build(names, metric, withRecall) {
    const compare = names.length > 1;
    caption.textContent = `After the last epoch; ${metric === 'r2' ? 'R²' : withRecall ? 'accuracy and recall' : 'accuracy'} on the test points`;
    replace(head, h('tr', {}, h('td', {}), names.map((name, k) => {
      const swatch = h('span', { className: 'swatch', 'aria-hidden': 'true' });
      swatch.style.background = RUN_COLOURS[k];
      return h('th', { scope: 'col', className: 'mono' }, compare ? [swatch, ' ', name] : name);
    })));
    const rows = [['trainLoss', 'train-loss', 'Train loss'], ['testLoss', 'test-loss', 'Test loss']];
    if (metric) rows.push(['metric', metric === 'r2' ? 'r2' : 'accuracy', metric === 'r2' ? 'R²' : 'Accuracy']);
    if (withRecall) rows.push(['recall', 'recall', 'Rare-class recall']);
    view.cells = names.map(() => ({}));
    replace(body, rows.map(([key, id, label]) => h('tr', {},
      h('th', { scope: 'row' }, label),
      names.map((_, k) => {
        const cell = h('td', { className: 'num', 'data-testid': `${id}${k ? '-b' : ''}` }, '—');
        view.cells[k][key] = cell;
        return cell;
      }))));
  }

  return {
    element,
    /** A new set-up: which rows, how many columns. */
    setup(names, metric, withRecall) {
      const key = `${names.join(',')}|${metric}|${withRecall}`;
      if (key === view.key) return;
      view.key = key;
      build(names, metric, withRecall);
    },
    render(runs, metric) {
      runs.forEach((r, k) => {
        const cells = view.cells[k];
        if (!cells) return;
        cells.trainLoss.textContent = r.trainLoss === null ? '—' : formatNumber(r.trainLoss);
        cells.testLoss.textContent = r.testLoss === null ? '—' : formatNumber(r.testLoss);
        if (cells.metric) {
          const v = (r.test ?? r.train)?.[metric];
          cells.metric.textContent = v === undefined || v === null ? '—' : metric === 'r2' ? formatNumber(v, 3) : formatPercent(v);
        }
        if (cells.recall) cells.recall.textContent = r.recall === null || r.recall === undefined ? '—' : formatPercent(r.recall);
      });
    },
    clear() {
      for (const cells of view.cells) for (const c of Object.values(cells)) c.textContent = '—';
    },
  };
}
