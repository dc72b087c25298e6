// AdamW and SGD with momentum under linear warmup + cosine decay to 0 over the run's horizon: the
// baselines of AlgoPerf and most papers (AlgoPerf's warmup_factor is 0.05 of the step budget, as
// here). Step k (0-based) of a run with horizon T = total_steps uses lr·λ(k), with
// W = ⌊warmup_fraction·T⌋ warmup steps:
//   λ(k) = (k+1)/W                          for k < W   (linear warmup up to lr at step W−1)
//   λ(k) = ½(1 + cos(π·(k − W)/(T − W)))    for W ≤ k < T (cosine from lr at step W towards 0 at T)
//   λ(k) = 0                                for k ≥ T    (a run longer than its horizon stands still)
// The rules are torch.optim.AdamW and torch.optim.SGD(momentum) with torch's LambdaLR(λ) stepped
// once per step (the fixture generator runs exactly that). The horizon is a hyper-parameter: the
// benchmark sets total_steps to the run's step count.
import type { Hyper, HyperParam, OptimizerSpec, Stepper } from './types.js';
import { adamKernel, adamStepper, betaHyper } from './adam.js';
import { momentumHyper, momentumKernel, momentumStepper } from './momentum.js';

/** The horizon and warmup hyper-parameters every scheduled baseline takes. */
export const SCHEDULE_HYPER: readonly HyperParam[] = [
  { name: 'warmup_fraction', default: 0.05, min: 0, max: 1, description: 'fraction of total_steps spent in linear warmup (⌊fraction·total_steps⌋ steps; AlgoPerf: 0.05)' },
  { name: 'total_steps', default: 200, min: 1, integer: true, description: "the horizon: the cosine reaches 0 after this many steps (the benchmark sets it to the run's steps)" },
];

/** λ(k), the lr multiplier of step k (0-based), for the schedule in `h`. */
export function cosineMultiplier(h: Hyper): (k: number) => number {
  const total = h.total_steps;
  const warmup = Math.floor(h.warmup_fraction * total);
  return (k: number): number => {
    if (k >= total) return 0;
    if (k < warmup) return (k + 1) / warmup;
    return 0.5 * (1 + Math.cos((Math.PI * (k - warmup)) / (total - warmup)));
  };
}

export const adamwCosine: OptimizerSpec = {
  name: 'adamw-cosine',
  id: 30,
  description: 'AdamW (torch.optim.AdamW) with linear warmup + cosine decay to 0 over total_steps (LambdaLR), the AlgoPerf baseline.',
  hyper: [
    { name: 'lr', default: 0.001, min: 0, description: 'peak learning rate' },
    ...betaHyper(),
    { name: 'weight_decay', default: 0.01, min: 0, description: 'decoupled decay: x ← x·(1 − lr_t·wd) each step' },
    { name: 'amsgrad', default: 0, min: 0, max: 1, integer: true, description: '1: use the running maximum of v (AMSGrad)' },
    ...SCHEDULE_HYPER,
  ],
  kernel: adamKernel(true, cosineMultiplier),
  create(h: Hyper): Stepper {
    return adamStepper({
      lr: h.lr,
      beta1: h.beta1,
      beta2: h.beta2,
      eps: h.eps,
      l2: 0,
      decoupledDecay: h.weight_decay,
      amsgrad: h.amsgrad !== 0,
      schedule: cosineMultiplier(h),
    });
  },
};

export const momentumCosine: OptimizerSpec = {
  name: 'momentum-cosine',
  id: 31,
  description: 'SGD with momentum (torch.optim.SGD) with linear warmup + cosine decay to 0 over total_steps (LambdaLR). PyTorch has no default lr; 0.001 is ours.',
  hyper: [...momentumHyper(1, '').map((p) => (p.name === 'lr' ? { ...p, description: 'peak learning rate (no PyTorch default; ours is 0.001)' } : p)), ...SCHEDULE_HYPER],
  kernel: momentumKernel(false, cosineMultiplier),
  create: (h: Hyper): Stepper => momentumStepper(h, false, cosineMultiplier(h)),
};
