// The race the page shows: the state's optimizers (o1 with the current model, the baselines
// with the state's hyper-parameters) from the state's start, and a playback clock that reveals
// it step by step. Pure: no DOM. Whole trajectories are computed up front (a few ms), so a
// slider change redraws at once and the animation only moves a cursor.
import type { Engine } from '../../src/engine/types.js';
import { getFunction } from '../../src/functions/index.js';
import type { O1Model } from '../../src/o1/o1.js';
import { withKnobs } from '../../src/o1/knobs.js';
import { getOptimizer } from '../../src/optimizers/index.js';
import { type RaceEntry, type RaceRun, describeEntry, runRace } from '../../src/viz/race.js';
import { type DemoState, hyperOf } from './state.js';

/** o1 with the state's knobs mapped onto the model (the path the CLI and library take); a model
 *  whose rule has no step unit (an untrained 'absolute' network) races without them, and its
 *  label says why. */
function o1Entry(s: DemoState, model: O1Model): RaceEntry {
  const knobs = s.hyper.o1 ?? {};
  if (Object.keys(knobs).length === 0) return { label: describeEntry({ kind: 'o1', model }), optimizer: { kind: 'o1', model } };
  try {
    const optimizer: RaceEntry['optimizer'] = { kind: 'o1', model: withKnobs(model, knobs), knobs: { ...knobs } };
    return { label: describeEntry(optimizer), optimizer };
  } catch {
    return { label: `${describeEntry({ kind: 'o1', model })} (lr/max_growth not applied: this model's rule has no step unit)`, optimizer: { kind: 'o1', model } };
  }
}

export function raceEntries(s: DemoState, model: O1Model): RaceEntry[] {
  return s.opts.map((name) => {
    if (name === 'o1') return o1Entry(s, model);
    const optimizer: RaceEntry['optimizer'] = { kind: 'baseline', spec: getOptimizer(name)!, hyper: hyperOf(s, name) };
    return { label: describeEntry(optimizer), optimizer };
  });
}

/** Every run of the race. `engine` (WASM) when it loaded, else the TS reference — the path
 *  `o1 run` takes. */
export function computeRace(s: DemoState, model: O1Model, engine?: Engine): RaceRun[] {
  const fn = getFunction(s.fn)!;
  return runRace({ fn, entries: raceEntries(s, model), starts: [s.start], steps: s.steps }, engine).flat();
}

/** Which step of the race is on screen; advanced by wall-clock time at `speed` steps/s. */
export class Playback {
  t = 0;
  playing = false;
  private carry = 0;
  constructor(public steps: number, public speed: number) {}

  get finished(): boolean {
    return this.t >= this.steps;
  }
  play(): void {
    if (this.finished) this.t = 0;
    this.playing = true;
  }
  pause(): void {
    this.playing = false;
  }
  step(): void {
    this.playing = false;
    this.t = Math.min(this.steps, this.t + 1);
  }
  reset(): void {
    this.t = 0;
    this.carry = 0;
  }
  end(): void {
    this.playing = false;
    this.t = this.steps;
  }
  /** Advances by `ms` of wall-clock time; true when the visible step changed. */
  tick(ms: number): boolean {
    if (!this.playing) return false;
    this.carry += (ms / 1000) * this.speed;
    const whole = Math.floor(this.carry);
    if (whole === 0) return false;
    this.carry -= whole;
    const before = this.t;
    this.t = Math.min(this.steps, this.t + whole);
    if (this.finished) this.playing = false;
    return this.t !== before;
  }
}
