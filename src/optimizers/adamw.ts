// AdamW, torch.optim.AdamW: decoupled weight decay x ← x·(1 − lr·wd), then the Adam step.
import type { OptimizerSpec } from './types.js';
import { adamFamilySpec } from './adam.js';

export const adamw: OptimizerSpec = adamFamilySpec({
  name: 'adamw',
  id: 7,
  description: 'AdamW (torch.optim.AdamW): Adam with decoupled weight decay x ← x·(1 − lr·wd) before the step.',
  decoupled: true,
  weightDecay: { name: 'weight_decay', default: 0.01, min: 0, description: 'decoupled decay: x ← x·(1 − lr·wd) each step' },
});
