// Colours shared by the CLI plots and the web demo: one colour per optimizer everywhere, and the
// landscape's ramp (slate valleys to cream peaks, so the coloured paths stand out on both).
import { scaleLinear } from 'd3-scale';
import { PALETTE } from './svg.js';
import { optimizerNames } from '../optimizers/index.js';

// The registry's order (o1 first): the same optimizer keeps its colour in every plot — `o1 viz`,
// the bench report, the training curve and the web demo all call optimizerColor.
const ORDER = optimizerNames();
const FIXED: Record<string, string> = { o1: '#e15759', adam: '#4e79a7', momentum: '#f28e2b', sgd: '#59a14f', rmsprop: '#b07aa1', nesterov: '#9c755f' };
// Tableau 10's colours the fixed ones leave, then Tableau 20's lighter and darker companions.
const FREE = [
  ...PALETTE.filter((c) => !Object.values(FIXED).includes(c)),
  '#499894', '#d37295', '#b6992d', '#86bcb6', '#8cd17d', '#79706e', '#a0cbe8', '#ffbe7d', '#d4a6c8', '#fabfd2',
];
const FREE_NAMES = ORDER.filter((n) => !FIXED[n]);

/** The colour of an optimizer (by registry name), distinct for every registered rule. */
export function optimizerColor(name: string): string {
  if (FIXED[name]) return FIXED[name];
  const k = FREE_NAMES.indexOf(name);
  if (k >= 0) return FREE[k % FREE.length];
  // A name outside the registry: a stable pick from its characters.
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return FREE[h % FREE.length];
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
