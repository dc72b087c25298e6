// How much of a run a plot draws, so a divergence never wrecks a figure: a run is drawn while its
// points are finite and within reach of the plot box (the box widened by its own span on every
// side — far enough that overshoots which come back are kept, near enough that coordinates stay
// small for SVG renderers; resvg blanks a panel whose paths reach ~1e79). A run cut short, or one
// that diverged, is marked where it leaves the view. Pure: the CLI's SVG and the web demo share it.
import type { PlotBox } from './grid.js';

export function inBox(p: readonly number[], box: PlotBox): boolean {
  return p[0] >= box.x[0] && p[0] <= box.x[1] && p[1] >= box.y[0] && p[1] <= box.y[1];
}

/** The box widened by k spans on every side. */
export function widenBox(box: PlotBox, k = 1): PlotBox {
  const wx = k * (box.x[1] - box.x[0]);
  const wy = k * (box.y[1] - box.y[0]);
  return { x: [box.x[0] - wx, box.x[1] + wx], y: [box.y[0] - wy, box.y[1] + wy] };
}

/** The number of leading points a plot of `box` draws: finite and within reach. */
export function reachLength(x: readonly (readonly number[])[], box: PlotBox): number {
  const reach = widenBox(box);
  let k = 0;
  while (k < x.length && x[k].every(Number.isFinite) && inBox(x[k], reach)) k++;
  return k;
}

/** Where the segment a → b (a inside the box) leaves it (Liang–Barsky on the far end). */
export function exitPoint(a: readonly number[], b: readonly number[], box: PlotBox): number[] {
  let t = 1;
  const d = [b[0] - a[0], b[1] - a[1]];
  const lims = [box.x, box.y];
  for (let i = 0; i < 2; i++) {
    if (d[i] > 0) t = Math.min(t, (lims[i][1] - a[i]) / d[i]);
    else if (d[i] < 0) t = Math.min(t, (lims[i][0] - a[i]) / d[i]);
  }
  t = Math.max(0, t);
  return [a[0] + t * d[0], a[1] + t * d[1]];
}

export interface DrawnPath {
  /** The points to draw: the reachable prefix, plus where the next step crosses the reach. */
  points: number[][];
  /** Where to put the "stopped here" mark (inside the view), when the run diverged or left it. */
  mark?: number[];
  /** Why the run is marked: it diverged (a non-finite f or x), ran off the plot (out of reach), or
   *  ended outside the box though within reach ('outside': drawn, but the frame clips its end). */
  reason?: 'diverged' | 'escaped' | 'outside';
  /** With 'outside': the run's last shown point (which the plot cannot show). */
  final?: number[];
}

/** The part of a run's path (its first `upTo + 1` points) a plot of `box` draws, and its mark. */
export function drawnPath(x: readonly (readonly number[])[], diverged: boolean, box: PlotBox, upTo = Infinity): DrawnPath {
  const shown = x.slice(0, Math.min(x.length, upTo + 1));
  const k = reachLength(shown, box);
  const points = shown.slice(0, k).map((p) => [...p]);
  const next = shown[k];
  const escaped = k < shown.length;
  if (escaped && k > 0 && next.every(Number.isFinite)) points.push(exitPoint(points[k - 1], next, widenBox(box)));
  // The run diverged within what is shown (its trajectory ended early), or it ran off the plot.
  const endedEarly = diverged && shown.length === x.length;
  if (!escaped && !endedEarly) {
    // Within reach but ending outside the box: the frame would clip the end without a sign, so
    // mark where the path last leaves the box and say where it ended.
    const last = points[points.length - 1];
    if (!last || inBox(last, box)) return { points };
    let j = -1;
    for (let i = 0; i < points.length; i++) if (inBox(points[i], box)) j = i;
    if (j < 0) return { points };
    return { points, mark: exitPoint(points[j], points[j + 1], box), reason: 'outside', final: [...last] };
  }
  if (points.length === 0) return { points };
  // The mark sits on the view: the last point inside it, or where the path then leaves it.
  let j = -1;
  for (let i = 0; i < points.length; i++) if (inBox(points[i], box)) j = i;
  const mark = j < 0 ? undefined : j === points.length - 1 ? points[j] : exitPoint(points[j], points[j + 1], box);
  return { points, mark, reason: diverged && shown.length === x.length ? 'diverged' : 'escaped' };
}
