// The record of a training run: one row per frame (epoch, and per network the train and test
// loss, accuracy or R², minority recall, and in Compare the common yardstick's numbers), as CSV
// and as thinned-out series for the chart.
// Pure; unit-tested by tests/web/trainer.test.mjs.

const MAX_ROWS = 20_000; // beyond this every other row is dropped (long runs stay small)
const CHART_POINTS = 800;

/**
 * @param {string[]} names  one per network: '' for a single run, the loss ids in Compare
 * @param {'accuracy'|'r2'|null} metric
 * @param {boolean} withRecall
 */
export function createHistory(names, metric, withRecall) {
  const rows = [];
  return {
    names,
    rows,
    /** Adds a frame's numbers (a repeated epoch replaces the last row). */
    add(epoch, runs) {
      const row = { epoch, runs: runs.map((r) => ({
        trainLoss: r.trainLoss, testLoss: r.testLoss,
        train: r.train?.[metric] ?? null, test: r.test?.[metric] ?? null, recall: r.recall ?? null,
        yardstick: r.yardstick ? yardstickCells(r.yardstick) : null,
      })) };
      if (rows.length && rows[rows.length - 1].epoch === epoch) rows[rows.length - 1] = row;
      else rows.push(row);
      if (rows.length > MAX_ROWS) {
        const kept = rows.filter((_, i) => i % 2 === 0 || i === rows.length - 1);
        rows.length = 0;
        rows.push(...kept);
      }
    },
    /** uPlot data: [epochs, run 0 train, run 0 test, run 1 train, …] (at most CHART_POINTS). */
    series() {
      const stride = Math.max(1, Math.ceil(rows.length / CHART_POINTS));
      const picked = rows.filter((_, i) => i % stride === 0 || i === rows.length - 1);
      const out = [picked.map((r) => r.epoch)];
      names.forEach((_, k) => {
        out.push(picked.map((r) => finite(r.runs[k]?.trainLoss)));
        out.push(picked.map((r) => finite(r.runs[k]?.testLoss)));
      });
      return out;
    },
    /** Every row as CSV with a header line. */
    csv() {
      const columns = ['epoch'];
      // Compare's yardstick columns (yardstick.js), named from the first row that has them.
      const ys = rows.find((r) => r.runs.some((x) => x.yardstick))?.runs.find((x) => x.yardstick)?.yardstick;
      const ysNames = ys ? Object.keys(ys) : [];
      names.forEach((name) => {
        const p = name ? `${name}_` : '';
        columns.push(`${p}train_loss`, `${p}test_loss`);
        if (metric) columns.push(`${p}train_${metric}`, `${p}test_${metric}`);
        if (withRecall) columns.push(`${p}minority_recall`);
        for (const key of ysNames) columns.push(`${p}${key}`);
      });
      const lines = [columns.join(',')];
      for (const row of rows) {
        const cells = [row.epoch];
        row.runs.forEach((r) => {
          cells.push(cell(r.trainLoss), cell(r.testLoss));
          if (metric) cells.push(cell(r.train), cell(r.test));
          if (withRecall) cells.push(cell(r.recall));
          for (const key of ysNames) cells.push(cell(r.yardstick?.[key]));
        });
        lines.push(cells.join(','));
      }
      return `${lines.join('\n')}\n`;
    },
  };
}

/** The yardstick's numbers as CSV columns: held-out (clean) error and R², or accuracy and the
 *  rare class's recall, precision and F1. */
function yardstickCells(y) {
  if ('rmse' in y) return { heldout_clean_rmse: y.rmse, heldout_clean_r2: y.r2 };
  const out = { heldout_accuracy: y.accuracy };
  if (y.minority?.cls >= 0) {
    out.heldout_minority_recall = y.minority.recall;
    out.heldout_minority_precision = y.minority.precision;
    out.heldout_minority_f1 = y.minority.f1;
  }
  return out;
}

function finite(v) {
  return Number.isFinite(v) ? v : null;
}

function cell(v) {
  return Number.isFinite(v) ? String(v) : '';
}
