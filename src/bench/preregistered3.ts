// The third pre-registered held-out split (issue 21, session 7): split 2's form (preregisteredSplit.ts)
// at a fresh seed, frozen in the repo BEFORE the next model (o1 v6) was trained, so that model's
// score on it cannot have informed its design, training or selection.
//   - preregistered3.json is the manifest; PREREGISTERED3_SHA256 its SHA-256;
//     test/bench.preregistered3.test.ts checks the file against the hash and against
//     buildPreregistered3Manifest(), and that no start or instance is split 1's or split 2's;
//   - disclosed reuse: split 2's functions, tasks, families, budgets and baselines (o1 v4's and v5's
//     scores on split 2 were seen; nothing was selected on them), at a fresh seed, so every start,
//     dataset and init is new; no new family;
//   - the start-scale part runs 4 of the 8 tasks (one per family, two full batch, two mini-batch,
//     fixed by that rule, not by any result) on their first 5 instances, to keep the scoring of
//     the parts up to 1000 steps near 20 minutes on a loaded 2-core machine (docs/BENCHMARK.md);
//   - `o1 bench --suite preregistered-3` scores it, once per model, after that model is selected.
import { PACKAGE_ROOT } from '../paths.js';
import { PREREGISTERED2_BASELINES, PREREGISTERED2_FAMILIES, PREREGISTERED2_FUNCTION_BUDGETS, PREREGISTERED2_ML_BUDGETS, SPLIT1_TASKS } from './preregistered2.js';
import { PREREGISTERED2_TASKS } from './preregistered2Tasks.js';
import { buildSplitManifest, loadSplitManifest, type SplitManifest, type SplitSpec } from './preregisteredSplit.js';

export const PREREGISTERED3_MANIFEST_PATH = 'src/bench/preregistered3.json';
/** SHA-256 of the manifest's bytes, recorded when split 3 was frozen. */
export const PREREGISTERED3_SHA256 = '4d64d083ea22cde8c5a99eadfd8a2abec8e6f8efcd60bb52eeecee4096acdf2f';

export const PREREGISTERED3_SUITE = 'preregistered-3';
/** Split 3's seed (split 1: 20261207, split 2: 20261208): every start and instance derives from it. */
export const PREREGISTERED3_SEED = 20261209;
/** The start-scale part's ML tasks (one per family; two full batch, two mini-batch) and instances. */
export const PREREGISTERED3_SCALE_TASKS: readonly string[] = ['friedman1-mlp', 'ringnorm-mlp', 'hastie-mlp-sgd', 'peaks-mlp-sgd'];
export const PREREGISTERED3_SCALE_ML_RUNS = 5;

export const SPLIT3: SplitSpec = {
  suite: PREREGISTERED3_SUITE,
  version: 3,
  title: 'the third pre-registered split',
  manifestPath: PREREGISTERED3_MANIFEST_PATH,
  sha256: PREREGISTERED3_SHA256,
  seed: PREREGISTERED3_SEED,
  functionBudgets: PREREGISTERED2_FUNCTION_BUDGETS,
  mlBudgets: PREREGISTERED2_ML_BUDGETS,
  starts: 32,
  tuneStarts: 16,
  mlRuns: 10,
  mlTuneRuns: 3,
  baselines: PREREGISTERED2_BASELINES,
  tasks: PREREGISTERED2_TASKS,
  split1Tasks: SPLIT1_TASKS,
  families: PREREGISTERED2_FAMILIES,
  newFamilies: [],
  scaleFunctionSteps: 1000,
  scaleMlSteps: 1000,
  scaleTasks: PREREGISTERED3_SCALE_TASKS,
  scaleMlRuns: PREREGISTERED3_SCALE_ML_RUNS,
  frozen: '2026-12-07/08, before the o1 v6 model (issue 21, session 7) was trained; the freezing commit and time are named in docs/BENCHMARK.md',
  rules: [
    'Evaluation only: no model is trained, validated, selected or tuned on any problem, task or data family listed here (src/problems/heldout.ts refuses them in training; tested).',
    'Scored once per model, after that model is selected, with `o1 bench --suite preregistered-3 --model FILE` (or scripts/score-preregistered.mjs --split 3, the same bytes per model); the result is reported whatever it shows.',
    'Functions: each baseline below tuned on the tuning starts per budget (suite lr and per-function lr, the protocol of o1 bench at the scoring commit); o1 untuned; paired on the final gap f(x_T) - f* at every evaluation start.',
    'ML tasks: the same protocol on the final full-batch training loss, per (dataset seed, init seed) instance; the mini-batch tasks (batchSize 32) are judged on the full-batch loss too.',
    'Start scales: from x0 = s * x0u at every scale below, the 2-D functions (every evaluation start) and the startScale tasks (their first mlRuns evaluation instances) at the startScale budgets; baselines at the per-function lr tuned at s = 1 for that budget; no stall = every ratio <= stallFactor.',
    'Changing anything here changes the file hash and fails test/bench.preregistered3.test.ts: a new split is a new file under a new name, frozen before the model it is meant to score.',
  ],
  disclosed: [
    "Everything but the seed is split 2's: its 7 functions (and their n-D versions), its 8 ML tasks and 4 data families, its budgets and its 4 baselines. o1 v4's and v5's scores on split 2 (and v4's on split 1) were seen before this split was frozen; nothing was selected on them. Split 3 draws every start, dataset and init anew from its own seed; no start or instance is split 1's or split 2's (tested).",
    'The start-scale part is smaller than split 2\'s: 4 of the 8 tasks (one per family: friedman1-mlp, ringnorm-mlp full batch; hastie-mlp-sgd, peaks-mlp-sgd mini-batch), each on its first 5 evaluation instances, chosen by that rule before any score on this split existed, to keep the scoring up to 1000 steps near 20 minutes on a loaded 2-core machine.',
  ],
};

/** Split 3's manifest recomputed from the code: what preregistered3.json must equal. */
export const buildPreregistered3Manifest = (): SplitManifest => buildSplitManifest(SPLIT3);

/** Reads split 3's manifest and checks its hash; one clear Error when it differs. */
export const loadPreregistered3Manifest = (root = PACKAGE_ROOT): SplitManifest => loadSplitManifest(SPLIT3, root);
