// Colours shared by the CLI plots and the web demo: one colour per optimizer everywhere, and the
// landscape's ramp (slate valleys to cream peaks, so the coloured paths stand out on both).
import { scaleLinear } from 'd3-scale';

// An optimizer's colour is a function of its name alone, never of the registry's order, so adding
// a rule recolours nothing: `o1 viz`, the bench report, the training curve and the web demo all
// call optimizerColor. The rules known when this was written keep the colours they had (o1 its
// red; Tableau 10, then Tableau 20's companions); any other name gets a colour from its hash.
// Moved once (issue 24 item 11), so that the benchmark's default contenders are told apart in one
// ECDF: prodigy (was #86bcb6, ΔE 4 from adagrad's teal) and adam-hd (was #499894, ΔE 13 from it),
// and adamw-cosine, momentum-cosine, dog-avg (were hashed: one more teal, a green, a blue) named
// here. Every pair of the default contenders' colours is ≥ 15 apart in CIE76 ΔE (tested).
const NAMED: Readonly<Record<string, string>> = {
  o1: '#e15759',
  sgd: '#59a14f',
  momentum: '#f28e2b',
  nesterov: '#9c755f',
  adagrad: '#76b7b2',
  rmsprop: '#b07aa1',
  adam: '#4e79a7',
  adamw: '#edc948',
  nadam: '#ff9da7',
  'sgd-hd': '#bab0ac',
  'adam-hd': '#5b3000',
  dog: '#d37295',
  'dog-avg': '#000000',
  rprop: '#b6992d',
  prodigy: '#6a3d9a',
  'adamw-schedulefree': '#8cd17d',
  'adamw-cosine': '#e7298a',
  'momentum-cosine': '#000080',
};

// FNV-1a over the name's UTF-16 code units: the same 32 bits in Node and every browser.
function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function hslHex(hue: number, sat: number, light: number): string {
  const a = sat * Math.min(light, 1 - light);
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    const v = light - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(255 * v).toString(16).padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/** The colour of an optimizer by its name: a named rule's own, else one from the name's hash
 *  (a hue outside o1's red, mid saturation and lightness: distinct from the others in practice). */
export function optimizerColor(name: string): string {
  const own = NAMED[name];
  if (own !== undefined) return own;
  const h = nameHash(name);
  const hue = 20 + (h % 320); // [20°, 340°): o1's red (≈ 358°) stays o1's
  const sat = 0.45 + ((h >>> 9) % 25) / 100;
  const light = 0.42 + ((h >>> 17) % 16) / 100;
  return hslHex(hue, sat, light);
}

/** How a benchmark contender is drawn: an untuned entry "rule:lr=VALUE" (a baseline at its
 *  published default, next to the tuned rule) in its rule's colour, dashed; anything else solid
 *  in its own colour. */
export function contenderStyle(name: string): { color: string; dashed: boolean } {
  const colon = name.indexOf(':');
  return colon < 0 ? { color: optimizerColor(name), dashed: false } : { color: optimizerColor(name.slice(0, colon)), dashed: true };
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
