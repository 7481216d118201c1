// `import 'losslab/elements'` registers <losslab-explorer> and <losslab-trainer>; the elements'
// types (and their HTMLElementTagNameMap entries) live in index.d.ts.
import type { LossLabExplorerElement as Explorer, LossLabTrainerElement as Trainer } from './index.js';

export type { ExplorerChangeDetail, TrainerEpochDetail, LossLabExplorerElementEventMap, LossLabTrainerElementEventMap } from './index.js';
export type LossLabExplorerElement = Explorer;
export type LossLabTrainerElement = Trainer;
export declare const LossLabExplorerElement: { prototype: Explorer; new (): Explorer };
export declare const LossLabTrainerElement: { prototype: Trainer; new (): Trainer };
