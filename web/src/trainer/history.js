// The record of a training run: one row per frame (epoch, and per network the train and test
// loss, accuracy or R², minority recall), as CSV and as thinned-out series for the chart.
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
      names.forEach((name) => {
        const p = name ? `${name}_` : '';
        columns.push(`${p}train_loss`, `${p}test_loss`);
        if (metric) columns.push(`${p}train_${metric}`, `${p}test_${metric}`);
        if (withRecall) columns.push(`${p}minority_recall`);
      });
      const lines = [columns.join(',')];
      for (const row of rows) {
        const cells = [row.epoch];
        row.runs.forEach((r) => {
          cells.push(cell(r.trainLoss), cell(r.testLoss));
          if (metric) cells.push(cell(r.train), cell(r.test));
          if (withRecall) cells.push(cell(r.recall));
        });
        lines.push(cells.join(','));
      }
      return `${lines.join('\n')}\n`;
    },
  };
}

function finite(v) {
  return Number.isFinite(v) ? v : null;
}

function cell(v) {
  return Number.isFinite(v) ? String(v) : '';
}
