// Colours shared by the CLI plots and the web demo: one colour per optimizer everywhere, and the
// landscape's ramp (slate valleys to cream peaks, so the coloured paths stand out on both).
import { scaleLinear } from 'd3-scale';
import { PALETTE } from '../plot/svg.js';
import { OPTIMIZERS } from '../optimizers/index.js';

// o1 first, then the registry's order: the same optimizer keeps its colour in every plot.
const ORDER = ['o1', ...OPTIMIZERS.map((o) => o.name)];
const FIXED: Record<string, string> = { o1: '#e15759', adam: '#4e79a7', momentum: '#f28e2b', sgd: '#59a14f', rmsprop: '#b07aa1', nesterov: '#9c755f' };

export function optimizerColor(name: string): string {
  if (FIXED[name]) return FIXED[name];
  const free = PALETTE.filter((c) => !Object.values(FIXED).includes(c));
  const k = Math.max(0, ORDER.indexOf(name));
  return free[k % free.length];
}

const RAMP = ['#2f3b4c', '#55677d', '#8b9cad', '#c3ccd3', '#ece8dc', '#fbf6ea'];

/** Fill colour of a landscape value t ∈ [0, 1] (0 = the minimum's level, 1 = the highest). */
const rampScale = scaleLinear<string>()
  .domain(RAMP.map((_, i) => i / (RAMP.length - 1)))
  .range(RAMP)
  .clamp(true);

export function landscapeColor(t: number): string {
  return rampScale(t);
}

export const MINIMUM_COLOR = '#ffd400';
