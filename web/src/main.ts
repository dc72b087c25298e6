// Wiring: DOM controls ↔ the state (state.ts) ↔ the race (race.ts) ↔ the views. Every change
// goes through setState, which rewrites the URL, so the address bar always reproduces the view.
import './style.css';
import { FUNCTIONS, getFunction } from '../../src/functions/index.js';
import { getOptimizer, optimizerNames } from '../../src/optimizers/index.js';
import type { O1Model } from '../../src/o1/o1.js';
import { strategyNames } from '../../src/train/strategies/index.js';
import type { RaceRun } from '../../src/viz/race.js';
import { plotBox } from '../../src/viz/grid.js';
import { optimizerColor } from '../../src/plot/style.js';
import { type DemoState, MAX_STEPS, cliCommand, hyperOf, parseState, roundToBox, seededStart, serializeState } from './state.js';
import { Playback, computeRace } from './race.js';
import { ContourView } from './contourView.js';
import { drawFitnessChart, drawRaceCharts } from './charts.js';
import { type PageEngine, loadPageEngine } from './engine.js';
import { modelFileText, modelToUrlData, readModelFile, resolveModelRef } from './models.js';
import { DEFAULT_PAGE_TRAINING, pageTrainConfig, trainInPage } from './trainer.js';
import type { SurfaceView } from './surface3d.js';
import { showTrainingFailed } from './trainingFailed.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

// ---- state -------------------------------------------------------------------------------
const parsed = parseState(location.search);
let state: DemoState = parsed.state;
let model: O1Model;
let modelNote = '';
let runs: RaceRun[] = [];
let engine: PageEngine;
let surface: SurfaceView | undefined;
let trained: O1Model | undefined;
const playback = new Playback(state.steps, state.speed);
const problems: string[] = [...parsed.problems];

function showProblems(): void {
  const box = $('problems');
  box.hidden = problems.length === 0;
  box.textContent = problems.length ? `Some of the link was not used: ${problems.join('; ')}` : '';
}

/** Where the inline model in the state came from in this page ('trained in this page', 'loaded
 *  from FILE'); undefined when it came with the link. */
let inlineOrigin: string | undefined;

function loadModel(): void {
  const r = resolveModelRef(state.model, state.seed);
  model = r.model;
  modelNote = state.model.kind === 'inline' && inlineOrigin ? `${model.name ?? 'a model'} (${inlineOrigin})` : r.note;
  if (r.problem) {
    problems.push(r.problem);
    state = { ...state, model: { kind: 'default' } };
  }
  $('model-note').textContent = modelNote;
}

/** Applies a change; recomputes the race when something it depends on changed. */
function setState(next: Partial<DemoState>, opts: { restart?: boolean } = {}): void {
  const before = state;
  state = { ...state, ...next };
  if (next.model || next.seed !== undefined) loadModel();
  history.replaceState(null, '', serializeState(state));
  const raceChanged = ['fn', 'start', 'opts', 'hyper', 'steps', 'model'].some((k) => next[k as keyof DemoState] !== undefined) || (state.model.kind === 'random' && before.seed !== state.seed);
  playback.speed = state.speed;
  if (raceChanged) {
    recompute();
    if (opts.restart) {
      playback.reset();
      playback.play();
    }
  }
  syncControls();
  drawFrame();
}

function recompute(): void {
  runs = computeRace(state, model, engine.engine);
  playback.steps = state.steps;
  if (playback.t > state.steps) playback.t = state.steps;
  const fn = getFunction(state.fn)!;
  contour.setFunction(fn);
  surface?.setFunction(fn);
  renderResultsTable();
  $('cli').textContent = cliCommand(state, state.opts.includes('o1') ? (state.model.kind === 'default' ? '' : ' --model MODEL.json') : '');
}

// ---- views -------------------------------------------------------------------------------
const contour = new ContourView($('contour'), (x, y) => {
  const box = plotBox(getFunction(state.fn)!);
  setState({ start: [roundToBox(x, box.x[1] - box.x[0]), roundToBox(y, box.y[1] - box.y[0])] }, { restart: true });
});

async function ensureSurface(): Promise<void> {
  if (surface || state.view === 'contour') return;
  const host = $('surface');
  const mod = await import('./surface3d.js');
  if (!mod.webglAvailable()) {
    host.innerHTML = '<p class="note">The 3-D view needs WebGL, which this browser does not offer.</p>';
    return;
  }
  surface = new mod.SurfaceView(host);
  surface.setFunction(getFunction(state.fn)!);
  drawFrame();
}

function renderResultsTable(): void {
  const table = $('results');
  table.innerHTML = '<thead><tr><th>optimizer</th><th>f(x) now</th><th>final f(x)</th><th>final x</th></tr></thead>';
  const body = document.createElement('tbody');
  for (const r of runs) {
    const tr = document.createElement('tr');
    tr.dataset.opt = r.name;
    tr.dataset.finalLoss = String(r.finalLoss);
    tr.dataset.diverged = String(r.diverged);
    const last = r.x[r.x.length - 1];
    tr.innerHTML = `<td><span class="swatch" style="background:${optimizerColor(r.name)}"></span></td><td class="now"></td><td class="final"></td><td></td>`;
    tr.cells[0].append(r.label);
    tr.cells[2].textContent = r.diverged ? `diverged at step ${r.divergedAt}` : fmt(r.finalLoss);
    tr.cells[3].textContent = last ? `(${last.map((v) => fmt(v)).join(', ')})` : '';
    body.append(tr);
  }
  table.append(body);
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : String(Number(v.toPrecision(5)));
}

let firstDrawn = false;
function drawFrame(): void {
  const t = playback.t;
  contour.draw(runs, t);
  surface?.draw(runs, t);
  drawRaceCharts($('loss-chart'), $('lr-chart'), runs, getFunction(state.fn)!.fmin(2), t, plotBox(getFunction(state.fn)!), state.steps);
  const rows = $('results').querySelectorAll<HTMLTableRowElement>('tbody tr');
  runs.forEach((r, k) => {
    const f = r.loss[Math.min(t, r.loss.length - 1)];
    rows[k].querySelector('.now')!.textContent = t >= r.loss.length ? 'diverged' : fmt(f);
  });
  $('step-counter').textContent = `step ${t} / ${state.steps}`;
  $('play').textContent = playback.playing ? '❚❚ pause' : '▶ play';
  document.body.dataset.raceState = playback.playing ? 'playing' : playback.finished ? 'finished' : 'paused';
  document.body.dataset.step = String(t);
  if (!firstDrawn && runs.length) {
    firstDrawn = true;
    document.body.dataset.firstRaceMs = String(Math.round(performance.now()));
  }
}

let lastTime = performance.now();
function loop(now: number): void {
  const dt = Math.min(100, now - lastTime);
  lastTime = now;
  if (playback.tick(dt)) drawFrame();
  else if (!playback.playing && document.body.dataset.raceState === 'playing') drawFrame();
  requestAnimationFrame(loop);
}

// ---- controls ----------------------------------------------------------------------------
const SLIDERS: Record<string, { min: number; max: number; toSlider(v: number): number; fromSlider(s: number): number }> = {
  lr: { min: -5, max: 0.5, toSlider: (v) => Math.log10(v), fromSlider: (s) => Number((10 ** s).toPrecision(3)) },
  momentum: { min: 0, max: 0.99, toSlider: (v) => v, fromSlider: (s) => Number(s.toFixed(2)) },
  beta1: { min: 0, max: 0.99, toSlider: (v) => v, fromSlider: (s) => Number(s.toFixed(2)) },
  alpha: { min: 0.5, max: 0.999, toSlider: (v) => v, fromSlider: (s) => Number(s.toFixed(3)) },
  // β2 lives near 1: the slider moves log10(1 − β2).
  beta2: { min: -4, max: -0.3, toSlider: (v) => Math.log10(1 - v), fromSlider: (s) => Number((1 - 10 ** s).toPrecision(4)) },
};

function buildControls(): void {
  const fnSel = $<HTMLSelectElement>('fn');
  for (const fn of FUNCTIONS) if (fn.defaultDims === 2) fnSel.append(new Option(fn.name, fn.name));
  fnSel.onchange = () => setState({ fn: fnSel.value, start: seededStart(fnSel.value, state.seed) }, { restart: true });

  const optBox = $('optimizers');
  for (const name of optimizerNames()) {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = name;
    box.dataset.opt = name;
    box.onchange = () => {
      const chosen = [...optBox.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value);
      setState({ opts: chosen }, { restart: true });
    };
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.cssText = `display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 3px;background:${optimizerColor(name)}`;
    label.append(box, swatch, name);
    optBox.append(label);
  }

  // A value out of range is said in place (as the bad-link banner does) and the field goes back
  // to the value the race uses; nothing is dropped silently.
  const inputError = $('input-error');
  const steps = $<HTMLInputElement>('steps');
  steps.onchange = () => {
    const v = Number(steps.value);
    if (steps.value.trim() !== '' && Number.isInteger(v) && v >= 1 && v <= MAX_STEPS) {
      inputError.textContent = '';
      setState({ steps: v });
    } else {
      inputError.textContent = `steps '${steps.value}' not used: give a whole number from 1 to ${MAX_STEPS} (still ${state.steps})`;
      steps.value = String(state.steps);
    }
  };
  const seed = $<HTMLInputElement>('seed');
  seed.onchange = () => {
    const v = Number(seed.value);
    if (seed.value.trim() !== '' && Number.isInteger(v) && Math.abs(v) < 2 ** 31) {
      inputError.textContent = '';
      setState({ seed: v });
    } else {
      inputError.textContent = `seed '${seed.value}' not used: give a whole number (still ${state.seed})`;
      seed.value = String(state.seed);
    }
  };
  const view = $<HTMLSelectElement>('view');
  view.onchange = () => {
    setState({ view: view.value as DemoState['view'] });
    void ensureSurface();
  };

  $('play').onclick = () => {
    if (playback.playing) playback.pause();
    else playback.play();
    drawFrame();
  };
  $('step').onclick = () => {
    playback.step();
    drawFrame();
  };
  $('reset').onclick = () => {
    playback.pause();
    playback.reset();
    drawFrame();
  };
  $('end').onclick = () => {
    playback.end();
    drawFrame();
  };
  const speed = $<HTMLInputElement>('speed');
  speed.oninput = () => setState({ speed: Number((10 ** Number(speed.value)).toPrecision(3)) });

  $('model-default').onclick = () => setState({ model: { kind: 'default' } });
  $('model-random').onclick = () => setState({ model: { kind: 'random' } });
  $<HTMLInputElement>('model-file').onchange = async (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    $('model-error').textContent = '';
    try {
      const m = await readModelFile(file);
      const named = { ...m, name: m.name ?? file.name };
      raceModel(named, false, `loaded from ${file.name}`);
    } catch (err) {
      // Shown, not thrown: a bad file is the user's input, not a page error.
      $('model-error').textContent = err instanceof Error ? err.message : String(err);
    }
  };
  $('save-json').onclick = () => download(model, 'json');
  $('save-text').onclick = () => download(model, 'text');
  buildTrainingControls();
}

/** Races `m` as o1 (its data in the URL, o1 added to the racers if missing); `origin` labels it. */
function raceModel(m: O1Model, restart: boolean, origin: string): void {
  inlineOrigin = origin;
  setState({ model: { kind: 'inline', data: modelToUrlData(m) }, opts: state.opts.includes('o1') ? state.opts : ['o1', ...state.opts] }, restart ? { restart: true } : {});
}

function download(m: O1Model, format: 'json' | 'text'): void {
  const text = modelFileText(m, format);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: format === 'json' ? 'application/json' : 'text/plain' }));
  a.download = `${(m.name ?? 'o1-model').replace(/[^\w.-]+/g, '_')}.${format === 'json' ? 'json' : 'txt'}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** o1's lr knob (a multiplier of its step unit, 0.01 … 10 on a log slider; 1 = the model's own). */
function o1LrSlider(): HTMLElement {
  const label = document.createElement('label');
  const input = document.createElement('input');
  input.type = 'range';
  input.min = '-2';
  input.max = '1';
  input.step = '0.01';
  const lr = state.hyper.o1?.lr ?? 1;
  input.value = String(Math.log10(lr));
  input.dataset.opt = 'o1';
  input.dataset.param = 'lr';
  const value = document.createElement('span');
  value.textContent = String(lr);
  input.oninput = () => {
    const v = Number((10 ** Number(input.value)).toPrecision(3));
    value.textContent = String(v);
    const own = { ...(state.hyper.o1 ?? {}) };
    if (v === 1) delete own.lr;
    else own.lr = v;
    setState({ hyper: { ...state.hyper, o1: own } });
  };
  label.append('lr ×', input, value);
  return label;
}

function buildHyperPanel(): void {
  const host = $('hyper');
  host.innerHTML = '';
  for (const name of state.opts) {
    const div = document.createElement('div');
    div.className = 'opt';
    const title = document.createElement('strong');
    title.textContent = name;
    title.style.color = optimizerColor(name);
    div.append(title);
    if (name === 'o1') {
      const note = document.createElement('span');
      note.className = 'note';
      note.textContent = 'its network sets each step; lr scales them';
      div.append(note, o1LrSlider());
    } else {
      const spec = getOptimizer(name)!;
      const h = hyperOf(state, name);
      for (const p of spec.hyper) {
        const cfg = SLIDERS[p.name];
        if (!cfg) continue;
        const label = document.createElement('label');
        const input = document.createElement('input');
        input.type = 'range';
        input.min = String(cfg.min);
        input.max = String(cfg.max);
        input.step = '0.01';
        input.value = String(cfg.toSlider(h[p.name]));
        input.dataset.opt = name;
        input.dataset.param = p.name;
        const value = document.createElement('span');
        value.textContent = String(h[p.name]);
        input.oninput = () => {
          const v = cfg.fromSlider(Number(input.value));
          value.textContent = String(v);
          const own = { ...(state.hyper[name] ?? {}), [p.name]: v };
          setState({ hyper: { ...state.hyper, [name]: own } });
        };
        label.append(p.name, input, value);
        div.append(label);
      }
    }
    host.append(div);
  }
}

let hyperFor = '';
function syncControls(): void {
  $<HTMLSelectElement>('fn').value = state.fn;
  for (const box of $('optimizers').querySelectorAll<HTMLInputElement>('input')) box.checked = state.opts.includes(box.value);
  $<HTMLInputElement>('steps').value = String(state.steps);
  $<HTMLInputElement>('seed').value = String(state.seed);
  $<HTMLSelectElement>('view').value = state.view;
  $<HTMLInputElement>('speed').value = String(Math.log10(state.speed));
  $('speed-value').textContent = `${state.speed} steps/s`;
  document.body.dataset.view = state.view;
  const key = state.opts.join(',');
  if (key !== hyperFor) {
    hyperFor = key;
    buildHyperPanel();
  }
}

// ---- training ----------------------------------------------------------------------------
let stopTraining = false;
function buildTrainingControls(): void {
  const d = DEFAULT_PAGE_TRAINING;
  const set = (id: string, v: string | number) => ($<HTMLInputElement>(id).value = String(v));
  set('t-generations', d.generations);
  set('t-population', d.population);
  set('t-starts', d.starts);
  set('t-steps', d.steps);
  set('t-functions', d.functions.join(','));
  set('t-workers', Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2)));
  const strat = $<HTMLSelectElement>('t-strategy');
  for (const s of strategyNames()) strat.append(new Option(s, s));
  strat.value = d.strategy;
  $('train').onclick = () => void runTraining();
  $('train-stop').onclick = () => (stopTraining = true);
  $('race-trained').onclick = () => {
    if (trained) raceModel(trained, true, 'trained in this page');
  };
}

async function runTraining(): Promise<void> {
  const status = $('train-status');
  const num = (id: string) => Math.round(Number($<HTMLInputElement>(id).value));
  let cfg;
  try {
    cfg = pageTrainConfig(
      {
        generations: num('t-generations'),
        population: num('t-population'),
        starts: num('t-starts'),
        steps: num('t-steps'),
        functions: $<HTMLInputElement>('t-functions').value.split(',').map((s) => s.trim()).filter(Boolean),
        seed: state.seed,
        strategy: $<HTMLSelectElement>('t-strategy').value,
      },
      engine.name,
    );
  } catch (e) {
    status.textContent = e instanceof Error ? e.message : String(e);
    status.classList.add('error');
    return;
  }
  status.classList.remove('error');
  const workers = Math.max(1, Math.min(16, num('t-workers') || 1));
  stopTraining = false;
  $<HTMLButtonElement>('train').disabled = true;
  $<HTMLButtonElement>('train-stop').disabled = false;
  status.textContent = `training: ${cfg.strategy}, ${cfg.generations} generations × ${cfg.population} candidates on ${cfg.functions.join(', ')}, ${workers} worker(s), ${engine.name} engine`;
  document.body.dataset.training = 'running';
  try {
    const result = await trainInPage(
      cfg,
      workers,
      ({ history, runStepsPerSec }) => {
        drawFitnessChart($('fitness-chart'), history);
        const last = history[history.length - 1];
        status.textContent = `generation ${history.length}/${cfg.generations}: best ${fmt(last.best)}, validation ${fmt(last.validation)} — ${Math.round(runStepsPerSec).toLocaleString('en')} run-steps/s`;
        document.body.dataset.trainGenerations = String(history.length);
      },
      () => stopTraining,
    );
    trained = result.model;
    $<HTMLButtonElement>('race-trained').disabled = false;
    const last = result.history[result.history.length - 1];
    status.textContent = `${result.completed ? 'done' : 'stopped'} after ${result.history.length} generations: validation ${fmt(last.validation)}. Racing it now; save it with “save .json”.`;
    raceModel(trained, true, 'trained in this page');
    document.body.dataset.training = 'done';
  } catch (e) {
    showTrainingFailed(status, e, 'training');
  } finally {
    $<HTMLButtonElement>('train').disabled = false;
    $<HTMLButtonElement>('train-stop').disabled = true;
  }
}

// ---- start -------------------------------------------------------------------------------
async function start(): Promise<void> {
  engine = await loadPageEngine();
  $('engine-note').textContent = engine.note;
  buildControls();
  loadModel();
  showProblems();
  history.replaceState(null, '', serializeState(state));
  recompute();
  syncControls();
  playback.play();
  drawFrame();
  requestAnimationFrame(loop);
  void ensureSurface();
  // the real-network panel (TF.js, a chunk of its own), on the same kernels
  const kernels = engine.name === 'wasm' ? engine.engine.kernels : undefined;
  void import('./network/panel.js').then((p) => p.mountNetworkPanel($('network'), { kernels, model: () => model }));
}

void start();
