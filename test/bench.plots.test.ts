// The bench report's plots (issue 24 item 11): the ECDF tells every default contender apart, the
// box plot's rotated labels stay inside the SVG, and a negligible spread is drawn as negligible.
import { describe, expect, it } from 'vitest';
import { DEFAULT_BASELINES } from '../src/bench/protocol.js';
import { ecdfPlot } from '../src/bench/plots/ecdf.js';
import { boxPlot } from '../src/bench/plots/boxPlot.js';
import { contenderStyle } from '../src/plot/style.js';

const CONTENDERS = ['o1', ...DEFAULT_BASELINES];

/** CIE L*a*b* of an sRGB hex colour (D65). */
function lab(hex: string): [number, number, number] {
  const lin = (c: number) => (c > 0.04045 ? ((c + 0.055) / 1.055) ** 2.4 : c / 12.92);
  const [r, g, b] = [1, 3, 5].map((i) => lin(parseInt(hex.slice(i, i + 2), 16) / 255));
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const X = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const Y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const Z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * Y - 16, 500 * (X - Y), 200 * (Y - Z)];
}
const deltaE = (a: string, b: string) => Math.hypot(...lab(a).map((v, i) => v - lab(b)[i]));

/** Attributes of every element of `tag` with class `cls`. */
function elements(svg: string, tag: string, cls: string): Record<string, string>[] {
  return [...svg.matchAll(new RegExp(`<${tag} class="${cls}"([^>]*)>`, 'g'))].map((m) => Object.fromEntries([...m[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])));
}

describe('the bench report plots', () => {
  it('every default contender has its own line in the ECDF: distinct colours (ΔE ≥ 15), untuned entries dashed in their rule\'s colour', () => {
    const styles = CONTENDERS.map(contenderStyle);
    const solid = CONTENDERS.filter((_, i) => !styles[i].dashed);
    expect(solid.length).toBeGreaterThanOrEqual(15);
    for (let i = 0; i < solid.length; i++) {
      for (let j = i + 1; j < solid.length; j++) {
        const [a, b] = [contenderStyle(solid[i]).color, contenderStyle(solid[j]).color];
        expect(deltaE(a, b), `${solid[i]} ${a} vs ${solid[j]} ${b}`).toBeGreaterThanOrEqual(15);
      }
    }
    for (const name of CONTENDERS.filter((n) => n.includes(':'))) expect(contenderStyle(name)).toEqual({ color: contenderStyle(name.split(':')[0]).color, dashed: true });
    const svg = ecdfPlot(CONTENDERS.map((name, k) => ({ name, y: [0, k / 40, k / 20] })), 'test');
    const lines = elements(svg, 'path', 'series').map((a) => `${a.stroke} ${a['stroke-dasharray'] ?? 'solid'}`);
    expect(lines).toHaveLength(CONTENDERS.length);
    expect(new Set(lines).size).toBe(CONTENDERS.length);
  });

  it('box labels stay inside the SVG (long names, many groups, a few groups)', () => {
    for (const names of [CONTENDERS, ['adamw-schedulefree', 'o1'], ['momentum-cosine:lr=0.001']]) {
      const svg = boxPlot(names.map((name, k) => ({ name, values: [-3 - k, -2 - k, -1 - k] })), 'labels');
      const [, width, height] = /width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(svg)!.map(Number);
      // the group labels: the rotated texts
      const labels = [...svg.matchAll(/<text ([^>]*transform="rotate\(-35[^>]*)>/g)].map((m) => Object.fromEntries([...m[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])));
      expect(labels).toHaveLength(names.length);
      labels.forEach((a, k) => {
        // a conservative width (7.2 px per character at 12 px sans-serif), rotated 35° about its end
        const w = 7.2 * [...names[k]].length;
        const [x, y] = [Number(a.x), Number(a.y)];
        const angle = (35 * Math.PI) / 180;
        expect(x - w * Math.cos(angle), names[k]).toBeGreaterThanOrEqual(0);
        expect(y + w * Math.sin(angle) + 12 * Math.cos(angle), names[k]).toBeLessThanOrEqual(height);
        expect(x).toBeLessThanOrEqual(width);
      });
    }
  });

  it('a spread of 1e-5 in log10 gap is drawn a few pixels tall, a real spread is not', () => {
    const tiny = [0, 2e-6, 4e-6, 6e-6, 8e-6, 1e-5];
    const svg = boxPlot([{ name: 'o1', values: tiny }, { name: 'adam', values: tiny.map((v) => v + 3e-6) }], 'easom');
    for (const r of elements(svg, 'rect', 'box')) expect(Number(r.height)).toBeLessThan(3);
    const real = boxPlot([{ name: 'o1', values: [-8, -6, -5, -4, -2] }, { name: 'adam', values: tiny }], 'spread');
    const heights = elements(real, 'rect', 'box').map((r) => Number(r.height));
    expect(heights[0]).toBeGreaterThan(50);
    expect(heights[1]).toBeLessThan(3);
  });
});
