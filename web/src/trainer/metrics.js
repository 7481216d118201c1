// The numbers of the latest frame: train and test loss, accuracy or R², and the recall of the
// rarest class — one column per network (two in Compare), so the table stays narrow on phones.
// In Compare a second group measures both networks by the same yardstick (yardstick.js): the
// error against the noise-free function (regression) or accuracy, each class's recall and the
// rare class's precision and F1 (classification), on the same held-out points, with a line
// saying which network is ahead.
import { h, replace } from '../dom.js';
import { formatNumber, formatPercent } from '../format.js';
import { RUN_COLOURS } from './colours.js';
import { keyboardScrollable } from '../scroll-box.js';

const count = (n) => n.toLocaleString('en');

/** The yardstick's rows for this held-out set: [key, testid, label, format]. */
function yardstickRows(ys, withRare) {
  const number = (v) => (v === null || v === undefined ? '—' : formatNumber(v, 3));
  const percent = (v) => (v === null || v === undefined ? '—' : formatPercent(v));
  if (ys.task === 'regression') {
    return [
      ['rmse', 'clean-error', 'Error vs the noise-free function (RMSE)', number, (y) => y.rmse],
      ['r2', 'clean-r2', 'R² vs the noise-free function', number, (y) => y.r2],
    ];
  }
  const rows = [['accuracy', 'held-accuracy', 'Accuracy', percent, (y) => y.accuracy]];
  for (let c = 0; c < ys.classes; c++) {
    const rare = withRare && c === ys.minority;
    rows.push([`recall${c}`, `held-recall-${c}`, `Recall, class ${c}${rare ? ' (rare)' : ''}`, percent, (y) => y.recall[c]]);
  }
  if (withRare && ys.minority >= 0) {
    rows.push(
      ['precision', 'held-precision', `Precision, class ${ys.minority} (rare)`, percent, (y) => y.minority.precision],
      ['f1', 'held-f1', `F1, class ${ys.minority} (rare)`, number, (y) => y.minority.f1],
    );
  }
  return rows;
}

export function createMetrics() {
  const head = h('thead', {});
  const body = h('tbody', {});
  const common = h('tbody', { className: 'yardstick' });
  const caption = h('caption', {});
  const verdict = h('p', { className: 'hint yardstick-verdict', 'data-testid': 'yardstick-verdict' });
  const wrap = h('div', { className: 'table-wrap' }, h('table', { className: 'terms trainer-metrics', 'data-testid': 'trainer-metrics' }, caption, head, body, common));
  keyboardScrollable(wrap, 'Training numbers');
  const element = h('div', { className: 'trainer-numbers' }, wrap, verdict);
  const view = { key: '', cells: [], common: [], names: [], ys: null, withRecall: false };

  function build(names, metric, withRecall, ys) {
    const compare = names.length > 1;
    caption.textContent = `After the last epoch; ${metric === 'r2' ? 'R²' : withRecall ? 'accuracy and recall' : 'accuracy'} on the test points`
      + (ys && compare ? `; below, both networks on the same ${count(ys.count)} new points` : '');
    replace(head, h('tr', {}, h('td', {}), names.map((name, k) => {
      const swatch = h('span', { className: 'swatch', 'aria-hidden': 'true' });
      swatch.style.background = RUN_COLOURS[k];
      return h('th', { scope: 'col', className: 'mono' }, compare ? [swatch, ' ', name] : name);
    })));
    const rows = [['trainLoss', 'train-loss', 'Train loss (own loss)'], ['testLoss', 'test-loss', 'Test loss (own loss)']];
    if (!compare) rows.forEach((r) => { r[2] = r[2].replace(' (own loss)', ''); });
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

    view.common = [];
    common.hidden = !(ys && compare);
    verdict.hidden = common.hidden;
    if (common.hidden) {
      replace(common);
      return;
    }
    const what = ys.task === 'regression' ? 'against the noise-free function' : 'with their true classes';
    const group = h('tr', { className: 'group' }, h('th', { colSpan: names.length + 1, scope: 'colgroup' },
      `Same yardstick for both: ${count(ys.count)} new points (not plotted), ${what}`));
    replace(common, group, yardstickRows(ys, withRecall).map(([key, id, label, format, pick]) => {
      const cells = names.map((_, k) => h('td', { className: 'num', 'data-testid': `${id}${k ? '-b' : ''}` }, '—'));
      view.common.push({ key, cells, format, pick });
      return h('tr', {}, h('th', { scope: 'row' }, label), cells);
    }));
  }

  /** Which network the yardstick favours, in words (regression: error; imbalanced: rare recall). */
  function sayVerdict(runs) {
    const ys = view.ys;
    const values = runs.map((r) => r.yardstick ?? null);
    if (!ys || values.length < 2 || values.some((v) => v === null)) {
      verdict.textContent = '';
      return;
    }
    const [a, b] = view.names;
    let text;
    if (ys.task === 'regression') {
      const [ea, eb] = values.map((v) => v.rmse);
      const [first, second] = ea <= eb ? [[a, ea], [b, eb]] : [[b, eb], [a, ea]];
      text = `Closer to the noise-free function: ${first[0]} (error ${formatNumber(first[1], 3)} against ${formatNumber(second[1], 3)} for ${second[0]}).`;
    } else if (view.withRecall && ys.minority >= 0) {
      const [ra, rb] = values.map((v) => v.minority.recall ?? 0);
      const [first, second] = ra >= rb ? [[a, ra], [b, rb]] : [[b, rb], [a, ra]];
      text = ra === rb ? `Both find ${formatPercent(ra)} of the rare class.`
        : `Finds more of the rare class: ${first[0]} (${formatPercent(first[1])} against ${formatPercent(second[1])} for ${second[0]}).`;
    } else {
      const [ca, cb] = values.map((v) => v.accuracy);
      const [first, second] = ca >= cb ? [[a, ca], [b, cb]] : [[b, cb], [a, ca]];
      text = ca === cb ? `Both are ${formatPercent(ca)} accurate.` : `More accurate: ${first[0]} (${formatPercent(first[1])} against ${formatPercent(second[1])} for ${second[0]}).`;
    }
    verdict.textContent = text;
  }

  return {
    element,
    /** A new set-up: which rows, how many columns; ys: Compare's held-out points (or null). */
    setup(names, metric, withRecall, ys = null) {
      const key = `${names.join(',')}|${metric}|${withRecall}|${ys ? `${ys.task}:${ys.classes}:${ys.minority}:${ys.count}` : ''}`;
      view.ys = ys;
      view.names = names;
      view.withRecall = withRecall;
      if (key === view.key) return;
      view.key = key;
      build(names, metric, withRecall, ys);
    },
    render(runs, metric) {
      view.lastRuns = runs;
      view.metric = metric;
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
        for (const row of view.common) row.cells[k].textContent = r.yardstick ? row.format(row.pick(r.yardstick)) : '—';
      });
      sayVerdict(runs);
    },
    /** The latest numbers in a sentence (for the status announced when training pauses). */
    summary() {
      const runs = view.lastRuns;
      if (!runs?.length) return '';
      const parts = runs.map((r, k) => {
        const loss = r.testLoss ?? r.trainLoss;
        const name = view.names.length > 1 ? `${view.names[k]}: ` : '';
        const metric = view.metric && (r.test ?? r.train)?.[view.metric];
        const extra = metric === undefined || metric === null || metric === false ? ''
          : view.metric === 'r2' ? `, R² ${formatNumber(metric, 3)}` : `, accuracy ${formatPercent(metric)}`;
        return `${name}${r.testLoss === null ? 'train' : 'test'} loss ${loss === null ? 'not known' : formatNumber(loss)}${extra}`;
      });
      const text = `${parts.join('; ')}.${verdict.textContent ? ` ${verdict.textContent}` : ''}`;
      return text.charAt(0).toUpperCase() + text.slice(1);
    },
    clear() {
      view.lastRuns = null;
      for (const cells of view.cells) for (const c of Object.values(cells)) c.textContent = '—';
      for (const row of view.common) for (const c of row.cells) c.textContent = '—';
      verdict.textContent = '';
    },
  };
}
