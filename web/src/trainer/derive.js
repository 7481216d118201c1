// From the page's state to what the trainer runs: the settings, the data, the losses offered and
// the one or two networks (lab.network settings), plus keys that tell what changed. Pure apart
// from makeData's lab.dataset call (cached by the caller through `previous`).
import {
  readTrainer, offeredLosses, chooseLoss, lossProblem, headFor, lossOptionsFor, networkSettings, COMPARE_PRESETS,
} from './settings.js';
import { makeData, takesClasses } from './data.js';
import { makeYardstick } from './yardstick.js';

/**
 * @param {object} lab
 * @param {object} state     the page's state (state.loss, state.options, state.trainer)
 * @param {object|null} previous  the last result, whose data is reused when only non-data keys changed
 */
export function derive(lab, state, previous) {
  const catalogue = lab.losses;
  const infoOf = (id) => catalogue.find((l) => l.id === id);
  const cfg = readTrainer(state.trainer);
  const dataBase = JSON.stringify([cfg.dataset, cfg.n, cfg.noise, cfg.split, cfg.dseed, takesClasses(lab, cfg.dataset) ? cfg.classes : 0]);
  const dataKey = `${dataBase}|${state.trainer.points ?? ''}`;
  const data = previous?.dataKey === dataKey ? previous.data : makeData(lab, cfg);
  const dataInfo = { task: data.task, classes: data.classes, minTarget: data.minTarget };
  const { offered, excluded } = offeredLosses(catalogue, dataInfo);

  const notes = [];
  if (data.id !== cfg.dataset) notes.push(`There is no dataset '${cfg.dataset}'; showing ${data.id}.`);
  let ids;
  let lossNote = '';
  if (cfg.compare) {
    const replaced = [];
    ids = cfg.compare.map((id, k) => {
      const info = infoOf(id);
      const problem = info ? lossProblem(info, dataInfo) : 'not a loss of this build';
      if (!problem) return id;
      const instead = chooseLoss(catalogue, id, dataInfo).id;
      notes.push(`Compare: ${id} cannot train here (${problem}); using ${instead}.`);
      replaced.push(k);
      return instead;
    });
    if (ids[0] === ids[1]) {
      const k = replaced.includes(0) ? 0 : 1; // change the stand-in, keep the loss that was asked for
      ids[k] = offered.find((l) => l.id !== ids[1 - k])?.id ?? ids[k];
    }
  } else {
    const chosen = chooseLoss(catalogue, state.loss, dataInfo);
    ids = [chosen.id];
    lossNote = chosen.note;
  }
  const trainSize = data.train.y.length;
  const runs = ids.map((id) => {
    const info = infoOf(id);
    // The explorer's options (δ, γ, weights…) apply to the explorer's loss; other losses train
    // with their defaults.
    const lossOptions = lossOptionsFor(info, id === state.loss ? state.options : {});
    const head = headFor(info, data, cfg.embedding);
    return { id, info, head, settings: networkSettings(cfg, info, lossOptions, data, trainSize) };
  });
  const metric = data.task === 'regression' ? 'r2' : 'accuracy';
  const shares = data.counts ? data.counts.map((c) => c / Math.max(1, data.counts.reduce((a, b) => a + b, 0))) : [];
  const withRecall = data.task === 'classification' && shares.length > 0 && Math.min(...shares.filter((s) => s > 0)) < 0.2;
  const preset = cfg.compare
    ? COMPARE_PRESETS.find((p) => p.losses.join(',') === ids.join(',') && p.trainer.dataset === data.id)
    : null;
  const netKey = JSON.stringify(runs.map((r) => r.settings));
  // Compare's common yardstick: held-out points both networks are measured on (yardstick.js).
  const withClasses = takesClasses(lab, data.id);
  const yardstickKey = cfg.compare ? JSON.stringify([data.id, cfg.noise, cfg.dseed, withClasses ? cfg.classes : 0]) : '';
  const yardstick = !yardstickKey ? null
    : previous?.yardstickKey === yardstickKey ? previous.yardstick : makeYardstick(lab, cfg, data, withClasses);
  return {
    cfg, data, dataKey, offered, excluded, ids, runs, metric, withRecall, notes, lossNote,
    compare: Boolean(cfg.compare), presetKey: preset?.key ?? null,
    setupKey: `${netKey}|${dataBase}|${withRecall}|${yardstickKey}`, yardstick, yardstickKey,
  };
}
