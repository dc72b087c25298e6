// AdamW and SGD with momentum under linear warmup + cosine decay to 0 over the run's horizon: the
// baselines of AlgoPerf and most papers (AlgoPerf's warmup_factor is 0.05 of the step budget, as
// here). Step k (0-based) of a run with horizon T = total_steps uses lr·λ(k), with
// W = ⌊warmup_fraction·T⌋ warmup steps:
//   λ(k) = (k+1)/W                          for k < W   (linear warmup up to lr at step W−1)
//   λ(k) = ½(1 + cos(π·(k − W)/(T − W)))    for W ≤ k < T (cosine from lr at step W towards 0 at T)
//   λ(k) = 0                                for k ≥ T    (a run longer than its horizon stands still)
// The rules are torch.optim.AdamW and torch.optim.SGD(momentum) with torch's LambdaLR(λ) stepped
// once per step (the fixture generator runs exactly that). The horizon T is total_steps when it is
// given (> 0), else the run's own length: every engine and run loop passes its step count to the
// stepper's init (and to the kernels' per-step table), so `o1 bench`, `o1 run --steps N` and the
// ML suite decay to 0 exactly at their last step without being told. A caller that runs steps one
// at a time with no known length (the step API) must give total_steps.
import type { Hyper, HyperParam, OptimizerSpec, Stepper } from './types.js';
import { adamKernel, adamStepper, betaHyper } from './adam.js';
import { momentumHyper, momentumKernel, momentumStepper } from './momentum.js';

/** The horizon and warmup hyper-parameters every scheduled baseline takes. */
export const SCHEDULE_HYPER: readonly HyperParam[] = [
  { name: 'warmup_fraction', default: 0.05, min: 0, max: 1, description: 'fraction of total_steps spent in linear warmup (⌊fraction·total_steps⌋ steps; AlgoPerf: 0.05)' },
  { name: 'total_steps', default: 0, min: 0, integer: true, description: "the horizon: the cosine reaches 0 after this many steps; 0: the run's own step count" },
];

/** λ(k), the lr multiplier of step k (0-based), for warmup_fraction in `h` and horizon T. */
export function cosineMultiplier(h: Hyper, total: number, k: number): number {
  const warmup = Math.floor(h.warmup_fraction * total);
  if (k >= total) return 0;
  if (k < warmup) return (k + 1) / warmup;
  return 0.5 * (1 + Math.cos((Math.PI * (k - warmup)) / (total - warmup)));
}

/** The horizon of a run of the spec called `name`: total_steps, or the run's length when
 *  total_steps is 0 (an Error when the run did not say). */
export function cosineHorizon(name: string, h: Hyper, runSteps: number | undefined): number {
  if (h.total_steps > 0) return h.total_steps;
  if (runSteps !== undefined && Number.isInteger(runSteps) && runSteps >= 1) return runSteps;
  throw new Error(`${name}: total_steps = 0 means "the run's length", and this run did not say how many steps it takes: give total_steps (e.g. ${name}:total_steps=1000)`);
}

/** λ for a run of `runSteps` steps of the spec called `name`. */
function schedule(name: string, h: Hyper, runSteps: number | undefined): (k: number) => number {
  const total = cosineHorizon(name, h, runSteps);
  return (k) => cosineMultiplier(h, total, k);
}

export const adamwCosine: OptimizerSpec = {
  name: 'adamw-cosine',
  id: 30,
  description: 'AdamW (torch.optim.AdamW) with linear warmup + cosine decay to 0 over total_steps (0: the length of the run; LambdaLR), the AlgoPerf baseline.',
  hyper: [
    { name: 'lr', default: 0.001, min: 0, description: 'peak learning rate' },
    ...betaHyper(),
    { name: 'weight_decay', default: 0.01, min: 0, description: 'decoupled decay: x ← x·(1 − lr_t·wd) each step' },
    { name: 'amsgrad', default: 0, min: 0, max: 1, integer: true, description: '1: use the running maximum of v (AMSGrad)' },
    ...SCHEDULE_HYPER,
  ],
  kernel: adamKernel(true, (h, steps) => schedule('adamw-cosine', h, steps)),
  create(h: Hyper): Stepper {
    return adamStepper({
      lr: h.lr,
      beta1: h.beta1,
      beta2: h.beta2,
      eps: h.eps,
      l2: 0,
      decoupledDecay: h.weight_decay,
      amsgrad: h.amsgrad !== 0,
      schedule: (runSteps) => schedule('adamw-cosine', h, runSteps),
    });
  },
};

export const momentumCosine: OptimizerSpec = {
  name: 'momentum-cosine',
  id: 31,
  description: 'SGD with momentum (torch.optim.SGD) with linear warmup + cosine decay to 0 over total_steps (0: the length of the run; LambdaLR). PyTorch has no default lr; 0.001 is ours.',
  hyper: [...momentumHyper(1, '').map((p) => (p.name === 'lr' ? { ...p, description: 'peak learning rate (no PyTorch default; ours is 0.001)' } : p)), ...SCHEDULE_HYPER],
  kernel: momentumKernel(false, (h, steps) => schedule('momentum-cosine', h, steps)),
  create: (h: Hyper): Stepper => momentumStepper(h, false, (runSteps) => schedule('momentum-cosine', h, runSteps)),
};
