// "Why a loss behaves so": the trainer's two extra views and their words. A switch that draws
// every training point by its pull (its share of the gradient, net.influence — the same word and
// colour as the explorer's "pull" column), with a legend and one reading per loss; and a switch
// that opens the loss-landscape panels (net.landscape), side by side in Compare.
import { h, replace } from '../dom.js';
import { PULL_COLOUR, PULL_LEGEND, PULL_WORD, pullRadius, pullReading, pullStrength } from '../influence.js';
import { RUN_COLOURS } from './colours.js';

export const INFLUENCE_HELP = 'Each training point is drawn by its pull: its share of the gradient the loss sends back into the network, so the big points are the ones the loss is listening to. The shares add up to 100%, and in Compare both panels use the same scale, so one loss’s favourites can be seen next to the other’s.';
export const LANDSCAPE_HELP = 'The training loss around the network’s current weights (+), stepping along two random directions scaled to each neuron’s weights (Li et al., 2018). A narrow, steep valley means small weight changes cost a lot; a wide, flat one means the loss barely cares.';

/**
 * @param {{ onInfluence: (on: boolean) => void, onLandscape: (on: boolean) => void,
 *           landscapes: HTMLElement[] }} deps
 */
export function createInfluenceViews({ onInfluence, onLandscape, landscapes }) {
  const influence = h('input', { type: 'checkbox', id: 'trainer-influence', 'data-testid': 'influence-toggle', onchange: () => onInfluence(influence.checked) });
  const landscape = h('input', { type: 'checkbox', id: 'trainer-landscape', 'data-testid': 'landscape-toggle', onchange: () => onLandscape(landscape.checked) });
  const key = h('div', { className: 'pull-key', 'aria-hidden': 'true' }, [0.5, 1, 4].map((times) => {
    const r = 4 * pullRadius(times, 1);
    const dot = h('span', { className: 'pull-dot' });
    dot.style.width = dot.style.height = `${2 * r}px`;
    dot.style.boxShadow = `0 0 0 2px rgba(219, 39, 119, ${pullStrength(times, 1)})`;
    return h('span', { className: 'pull-sample' }, dot, `${times}×`);
  }), h('span', { className: 'hint' }, 'the average pull'));
  const readings = h('ul', { className: 'pull-readings', 'data-testid': 'influence-reading' });
  const summary = h('p', { className: 'pull-summary', 'data-testid': 'influence-summary', 'aria-live': 'polite' });
  const legend = h('div', { className: 'pull-legend', 'data-testid': 'influence-legend', hidden: true },
    h('p', { className: 'pull-title' }, h('span', { className: 'swatch' }), ` ${PULL_LEGEND} `, h('span', { className: 'hint' }, `Size = ${PULL_WORD}, each point’s share of the gradient (the explorer’s “${PULL_WORD}” column).`)),
    key, readings, summary, h('p', { className: 'hint' }, INFLUENCE_HELP));
  legend.querySelector('.swatch').style.background = PULL_COLOUR;
  const panels = h('div', { className: 'plots landscapes' }, landscapes);
  const landscapeBox = h('div', { className: 'landscape-box', 'data-testid': 'landscape-panel', hidden: true },
    panels, h('p', { className: 'hint' }, LANDSCAPE_HELP));
  const element = h('section', { className: 'trainer-views', 'aria-label': 'Why the loss behaves so' },
    h('div', { className: 'views-switches' },
      h('p', { className: 'field check' }, influence, h('label', { for: 'trainer-influence' }, 'Show each point’s influence')),
      h('p', { className: 'field check' }, landscape, h('label', { for: 'trainer-landscape' }, 'Show the loss landscape'))),
    legend, landscapeBox);

  const view = { labels: [] };

  return {
    element,
    /** The newest shares of each run (null where none came): how concentrated the pull is. */
    setShares(runs) {
      const lines = runs.map((shares, k) => (shares ? concentration(shares, view.labels[k] ?? '') : null)).filter(Boolean);
      if (lines.length) summary.textContent = lines.join(' ');
    },
    /** shown: { influence, landscape }; d: the trainer's derived settings (losses, Compare). */
    render(shown, d) {
      influence.checked = shown.influence;
      landscape.checked = shown.landscape;
      legend.hidden = !shown.influence;
      landscapeBox.hidden = !shown.landscape;
      const two = d.compare;
      view.labels = d.runs.map((r, k) => (two ? `${k ? 'B' : 'A'} (${r.id})` : r.id));
      if (!shown.influence) summary.textContent = '';
      landscapes[1].hidden = !two;
      panels.classList.toggle('two', two);
      replace(readings, d.runs.map((r, k) => {
        const swatch = h('span', { className: 'swatch', 'aria-hidden': 'true' });
        swatch.style.background = RUN_COLOURS[k];
        return h('li', {}, two ? [swatch, ` ${k ? 'B' : 'A'}: `] : null, pullReading(r.id, r.info?.family));
      }));
    },
  };
}

/** "mse: the 10% of points that pull hardest carry 61% of the pull." (or that none pulls). */
export function concentration(shares, label) {
  const n = shares.length;
  let total = 0;
  for (const v of shares) total += v;
  if (!(total > 0)) return `${label}: no point pulls — the loss is flat at every training point.`;
  const top = Math.max(1, Math.ceil(n / 10));
  const sorted = Float32Array.from(shares).sort().reverse();
  let sum = 0;
  for (let k = 0; k < top; k++) sum += sorted[k];
  const percent = Math.round((100 * sum) / total);
  return top === 1
    ? `${label}: the point that pulls hardest carries ${percent}% of the pull.`
    : `${label}: the ${top} points (10%) that pull hardest carry ${percent}% of the pull.`;
}
