// Presenting a BenchResult: the terminal tables, report.md and its SVG plots (ECDF per suite,
// box plots of log10 gap per function, the win-rate matrix, example trajectories on contours).
import { getFunction } from '../functions/index.js';
import type { TestFunction } from '../functions/types.js';
import { fmt, formatTable, markdownTable } from '../util/table.js';
import { fmtLr, fmtRate, fmtTunedLr } from './format.js';
import { INTERVAL_RULE, TUNING_RULE, contenderOf, o1Of } from './protocol.js';
import type { BenchResult, ContenderResult, ProblemResult, SuiteResult, TuneMode } from './runBench.js';
import { TUNE_MODES } from './runBench.js';
import { boxPlot } from './plots/boxPlot.js';
import { contourPlot } from './plots/contour.js';
import { ecdfPlot } from './plots/ecdf.js';
import { winRateMatrix, type HeatmapRow } from './plots/heatmap.js';
import type { MlBenchResult } from './ml.js';
import { mlSection } from './mlReport.js';
import { writeReportFiles, type PlotFile, type ReportSection } from './reportFiles.js';

export type { PlotFile } from './reportFiles.js';

const MODE_LABEL: Record<TuneMode, string> = { suite: 'one lr per suite', 'per-function': 'best lr per function' };

/** A log10 gap for tables: 2 decimals, "∞" for diverged. */
export function fmtLog(v: number): string {
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  if (!Number.isFinite(v)) return '—';
  const r = Math.round(v * 100) / 100;
  return (Object.is(r, -0) ? 0 : r).toFixed(2);
}

/** 1e-3 rather than 0.001 or 1.000e-3. */
function fmtTarget(t: number): string {
  const e = Math.log10(t);
  return Number.isInteger(Math.round(e * 1e9) / 1e9) ? `1e${Math.round(e)}` : fmt(t);
}


function fmtCI(lo: number, hi: number, f: (v: number) => string): string {
  return `[${f(lo)}, ${f(hi)}]`;
}


function baselineOf(pr: ProblemResult, name: string, mode: TuneMode): ContenderResult {
  return contenderOf(pr.contenders, name, mode);
}

/** The baseline with the lowest median log10 gap on a function (ties: table order). */
function bestBaseline(pr: ProblemResult, mode: TuneMode): ContenderResult | undefined {
  let best: ContenderResult | undefined;
  for (const c of pr.contenders) if (c.mode === mode && (!best || c.medianLog10Gap < best.medianLog10Gap)) best = c;
  return best;
}

function describeModel(r: BenchResult): string {
  const m = r.settings.model;
  const name = m.name ?? m.ref ?? '(unnamed)';
  const fns = `${m.trainFunctions.join(', ')} in ${m.trainDims}-D`;
  return m.trainFromProvenance ? `model '${name}' (trained on ${fns})` : `model '${name}' (no training record; train suite: ${fns})`;
}

function protocolLines(r: BenchResult): string[] {
  const s = r.settings;
  const g = s.grid;
  return [
    `o1 bench — ${describeModel(r)} against ${s.baselines.join(', ')}`,
    `${s.starts} evaluation starts and ${s.tuneStarts} tuning starts per function (disjoint, uniform in the domain), ${s.steps} steps, seed ${s.seed}, engine ${s.engine}`,
    `baselines: lr from a ${g.length}-point log grid ${fmt(g[0], 3)} … ${fmt(g[g.length - 1], 3)} (extended at an edge while a choice sits there, ‡ = stopped at 1e-8 or 1e3) on the tuning starts, chosen per suite and per function; o1 is not tuned`,
  ];
}

function suiteTitle(s: SuiteResult): string {
  return `suite ${s.name} — ${s.problems.length} function${s.problems.length === 1 ? '' : 's'}`;
}

/** The per-function table of one suite: o1's median log10 gap with its CI, the best baseline
 *  and o1's win rate against each baseline (suite lr / per-function lr). */
function functionRows(s: SuiteResult, baselines: string[]): { header: string[]; rows: string[][] } {
  const header = ['function', 'f*', 'o1 log10 gap', '95% CI', 'o1 div', 'best baseline (suite lr)', ...baselines];
  const rows = s.problems.map((pr) => {
    const o1 = o1Of(pr.contenders);
    const best = bestBaseline(pr, 'suite');
    return [
      pr.key,
      fmt(pr.fmin, 6) + (pr.fminEstimated ? '~' : ''),
      fmtLog(o1.medianLog10Gap),
      fmtCI(o1.ciLo, o1.ciHi, fmtLog),
      String(o1.diverged),
      best ? `${best.optimizer} ${fmtLog(best.medianLog10Gap)}` : '—',
      ...baselines.map((b) => `${fmtRate(pr.versus.suite[b].winRate)}/${fmtRate(pr.versus['per-function'][b].winRate)}`),
    ];
  });
  rows.push(['win rate', '', '', '', '', '', ...baselines.map((b) => `${fmtRate(s.summary.suite[b].winRate)}/${fmtRate(s.summary['per-function'][b].winRate)}`)]);
  for (const mode of TUNE_MODES) {
    rows.push([`95% CI, ${mode === 'suite' ? 'suite' : 'per-fn'} lr`, '', '', '', '', '', ...baselines.map((b) => `${fmtRate(s.summary[mode][b].lo)}–${fmtRate(s.summary[mode][b].hi)}`)]);
  }
  return { header, rows };
}

function summaryRows(s: SuiteResult, r: BenchResult): { header: string[]; rows: string[][] } {
  const header = ['baseline', 'lr (suite)', 'win rate, suite lr', '95% CI', 'W/T/L', 'win rate, per-fn lr', '95% CI', 'W/T/L', 'diverged o1', 'diverged baseline'];
  const rows = r.settings.baselines.map((b) => {
    const a = s.summary.suite[b];
    const p = s.summary['per-function'][b];
    return [
      b,
      fmtTunedLr(r.tuning[b].suiteLr[s.name], r.tuning[b].bound?.suite[s.name]),
      fmtRate(a.winRate),
      fmtCI(a.lo, a.hi, fmtRate),
      `${a.wins}/${a.ties}/${a.losses}`,
      fmtRate(p.winRate),
      fmtCI(p.lo, p.hi, fmtRate),
      `${p.wins}/${p.ties}/${p.losses}`,
      `${a.o1Diverged}/${a.runs}`,
      `${a.baselineDiverged}/${a.runs} · ${p.baselineDiverged}/${p.runs}`,
    ];
  });
  return { header, rows };
}

/** The n-D suite per dimension: o1's win rate [95% CI] against each baseline, both modes. */
function dimensionRows(s: SuiteResult, r: BenchResult): { header: string[]; rows: string[][] } | undefined {
  if (!s.byDimension) return undefined;
  const header = ['dimension', 'lr mode', ...r.settings.baselines];
  const rows: string[][] = [];
  for (const [n, sm] of Object.entries(s.byDimension)) {
    for (const mode of TUNE_MODES) rows.push([mode === 'suite' ? `${n}-D` : '', mode === 'suite' ? 'suite' : 'per-fn', ...r.settings.baselines.map((b) => `${fmtRate(sm[mode][b].winRate)} ${fmtCI(sm[mode][b].lo, sm[mode][b].hi, fmtRate)}`)]);
  }
  return { header, rows };
}

/** The terminal output: per suite, one row per function and a summary per baseline. */
export function formatBenchText(r: BenchResult, opts: { timing?: boolean } = {}): string {
  let out = protocolLines(r).join('\n') + '\n';
  out += 'win rate = (wins + ties/2) / runs of o1 against the baseline on the same starts; > 0.5 favours o1; cells: suite lr / per-function lr\n';
  for (const s of r.suites) {
    out += `\n${suiteTitle(s)}\n`;
    const f = functionRows(s, r.settings.baselines);
    out += formatTable(f.header, f.rows);
    out += '\n';
    const sm = summaryRows(s, r);
    out += formatTable(sm.header, sm.rows);
    const d = dimensionRows(s, r);
    if (d) out += `\nper dimension (two-level bootstrap over functions, then starts):\n${formatTable(d.header, d.rows)}`;
  }
  if (opts.timing !== false) out += `\n${timingLine(r)}\n`;
  return out;
}

export function timingLine(r: BenchResult): string {
  const t = r.timing;
  return `bench took ${t.totalSec.toFixed(1)} s on the ${r.settings.engine} engine (tuning ${t.tuningSec.toFixed(1)} s, evaluation ${t.evaluationSec.toFixed(1)} s, statistics ${t.statisticsSec.toFixed(1)} s; ${t.batches} batches, ${(t.coordinateSteps / 1e6).toFixed(0)} M coordinate-steps)`;
}

// ---------- markdown ----------


function safeName(s: string): string {
  return s.replace(/[^\w.-]+/g, '_');
}

/** Every SVG of the report. `functions` supplies TestFunctions for custom problems' contours. */
export function benchPlots(r: BenchResult, functions: ReadonlyMap<string, TestFunction> = new Map()): PlotFile[] {
  const plots: PlotFile[] = [];
  const baselines = r.settings.baselines;
  for (const s of r.suites) {
    for (const mode of TUNE_MODES) {
      const curves = [{ name: 'o1', y: s.ecdf[mode].o1 }, ...baselines.map((b) => ({ name: b, y: s.ecdf[mode][b] }))];
      plots.push({
        file: `ecdf-${s.name}-${mode}.svg`,
        svg: ecdfPlot(curves, `suite ${s.name}: (run, target) pairs reached, targets ${fmtTarget(r.settings.targets[0])} … ${fmtTarget(r.settings.targets[r.settings.targets.length - 1])} — baselines: ${MODE_LABEL[mode]}`),
        caption: `ECDF, suite ${s.name}, baselines with ${MODE_LABEL[mode]}`,
        suite: s.name,
        kind: 'ecdf',
      });
    }
  }
  for (const mode of TUNE_MODES) {
    const rows: HeatmapRow[] = [];
    for (const s of r.suites) {
      s.problems.forEach((pr, i) => rows.push({ label: pr.key, values: baselines.map((b) => pr.versus[mode][b].winRate), rule: i === 0 && rows.length > 0 }));
    }
    r.suites.forEach((s, i) => rows.push({ label: `suite ${s.name}`, values: baselines.map((b) => s.summary[mode][b].winRate), rule: i === 0, bold: true }));
    plots.push({ file: `winrate-${mode}.svg`, svg: winRateMatrix(rows, baselines, `o1 win rate vs each baseline (${MODE_LABEL[mode]})`), caption: `win-rate matrix, baselines with ${MODE_LABEL[mode]}`, kind: 'matrix' });
  }
  for (const s of r.suites) {
    for (const pr of s.problems) {
      const groups = pr.contenders.filter((c) => c.mode !== 'per-function').map((c) => ({ name: c.optimizer, values: c.gaps.map((g) => (g < Infinity ? Math.log10(Math.max(g, r.settings.gapFloor)) : Infinity)) }));
      plots.push({ file: `box-${safeName(pr.key)}.svg`, svg: boxPlot(groups, `${pr.key}: log10 final gap over ${r.settings.starts} starts (baselines: one lr per suite)`), caption: `log10 gap on ${pr.key}`, suite: s.name, kind: 'box' });
    }
  }
  for (const s of r.suites) {
    for (const pr of s.problems) {
      if (!pr.trajectories || pr.n !== 2) continue;
      const fn = functions.get(pr.key) ?? functions.get(pr.function) ?? getFunction(pr.function);
      if (!fn) continue;
      const sets = pr.trajectories.map((t) => ({ name: t.optimizer, label: t.lr === null ? t.optimizer : `${t.optimizer} (lr ${fmtLr(t.lr)})`, paths: t.paths }));
      plots.push({ file: `paths-${safeName(pr.key)}.svg`, svg: contourPlot(fn, sets, { title: `${pr.key}: example runs, ${r.settings.steps} steps`, fmin: pr.fmin, steps: r.settings.steps }), caption: `example trajectories on ${pr.key}`, suite: s.name, kind: 'trajectories' });
    }
  }
  return plots;
}

function successTable(s: SuiteResult, r: BenchResult, mode: TuneMode): string {
  const targets = r.settings.targets;
  const names = ['o1', ...r.settings.baselines];
  const rows = names.map((name) => {
    const cs = s.problems.map((pr) => (name === 'o1' ? o1Of(pr.contenders) : baselineOf(pr, name, mode)));
    return [name, ...targets.map((_, k) => fmtRate(cs.reduce((a, c) => a + c.targets[k].success, 0) / cs.length))];
  });
  return markdownTable(['optimizer', ...targets.map((t) => `≤ ${fmtTarget(t)}`)], rows);
}

function lrTable(s: SuiteResult, r: BenchResult): string {
  const rows = s.problems.map((pr) => [pr.key, ...r.settings.baselines.map((b) => fmtTunedLr(r.tuning[b].perFunctionLr[pr.key], r.tuning[b].bound?.perFunction[pr.key]))]);
  rows.push(['**suite**', ...r.settings.baselines.map((b) => `**${fmtTunedLr(r.tuning[b].suiteLr[s.name], r.tuning[b].bound?.suite[s.name])}**`)]);
  return markdownTable(['function', ...r.settings.baselines], rows);
}

function perFunctionMd(s: SuiteResult, r: BenchResult): string {
  const baselines = r.settings.baselines;
  const header = ['function', 'f*', 'o1 median log10 gap [95% CI]', 'o1 diverged', ...baselines.map((b) => `${b}: log10 gap · win rate`)];
  const rows = s.problems.map((pr) => {
    const o1 = o1Of(pr.contenders);
    return [
      pr.key,
      fmt(pr.fmin, 6) + (pr.fminEstimated ? ' (estimated)' : ''),
      `${fmtLog(o1.medianLog10Gap)} ${fmtCI(o1.ciLo, o1.ciHi, fmtLog)}`,
      String(o1.diverged),
      ...baselines.map((b) => {
        const c = baselineOf(pr, b, 'suite');
        const v = pr.versus.suite[b];
        return `${fmtLog(c.medianLog10Gap)} · ${fmtRate(v.winRate)}`;
      }),
    ];
  });
  return markdownTable(header, rows);
}

/** Baselines measured at an answer other than their iterate (schedule-free AdamW's x): their
 *  median log10 gap there and at the iterate (y), suite lr — y is reported, never compared. */
function answerMd(s: SuiteResult): string {
  const names = [...new Set(s.problems.flatMap((pr) => pr.contenders.filter((c) => c.mode === 'suite' && c.iterateGaps).map((c) => c.optimizer)))];
  if (!names.length) return '';
  const rows = s.problems.map((pr) => [pr.key, ...names.flatMap((b) => {
    const c = baselineOf(pr, b, 'suite');
    return [fmtLog(c.medianLog10Gap), fmtLog(c.iterateMedianLog10Gap ?? NaN)];
  })]);
  return `Measured at the answer (x, compared above) and at the iterate where gradients are taken (y, for reference), median log10 gap, suite lr:\n\n${markdownTable(['function', ...names.flatMap((b) => [`${b} at x`, `${b} at y`])], rows)}\n`;
}

/** report.md of the function suites alone: the title, then their section. */
export function benchMarkdown(r: BenchResult, plots: readonly PlotFile[]): string {
  return '# o1 benchmark\n\n' + functionSuitesMarkdown(r, plots);
}

/** The function suites' section of report.md: protocol, headline summary, per-suite tables, plots. */
function functionSuitesMarkdown(r: BenchResult, plots: readonly PlotFile[]): string {
  const s0 = r.settings;
  let md = `${describeModel(r)}, against ${s0.baselines.join(', ')}.\n\n`;
  md += `- ${s0.starts} evaluation starts per function, uniform in the domain, seed ${s0.seed}; ${s0.steps} steps; engine \`${s0.engine}\`.\n`;
  md += `- Baselines: every one gets the same lr search — a ${s0.grid.length}-point log grid ${fmt(s0.grid[0], 3)} … ${fmt(s0.grid[s0.grid.length - 1], 3)}, extended where needed — on ${s0.tuneStarts} tuning starts per function, disjoint from the evaluation starts. Selection: ${TUNING_RULE}. o1 runs as shipped, no lr tuning (but its design variant was chosen on these suites' earlier numbers: docs/TRAINING.md).\n`;
  md += `- Gap = f(x_T) − f*, clamped at ≥ 0. Win rate = (wins + ties/2) / runs, paired on the same starts; ${s0.tieRule}.\n`;
  md += `- CIs: 95%, ${s0.bootstrap} bootstrap resamples — ${INTERVAL_RULE}; every function weighs the same.\n`;
  md += `- Success at a target: f − f* ≤ target reached at some step ≤ T by a run that did not diverge; ERT and the ECDFs use the first such step.\n\n`;
  md += `${timingLine(r)}\n\n`;
  md += `Protocol details: docs/BENCHMARK.md.\n\n`;
  md += `## Summary: o1's win rate against each baseline\n\n`;
  const header = ['suite', ...s0.baselines];
  for (const mode of TUNE_MODES) {
    md += `Baselines with ${MODE_LABEL[mode]}:\n\n`;
    md += markdownTable(header, r.suites.map((s) => [s.name, ...s0.baselines.map((b) => `${fmtRate(s.summary[mode][b].winRate)} ${fmtCI(s.summary[mode][b].lo, s.summary[mode][b].hi, fmtRate)}`)]));
    md += '\n';
  }
  const byFile = (kind: PlotFile['kind'], suite?: string) => plots.filter((p) => p.kind === kind && (suite === undefined || p.suite === suite));
  for (const p of byFile('matrix')) md += `![${p.caption}](${p.file})\n\n`;
  for (const s of r.suites) {
    md += `## Suite ${s.name} (${s.problems.length} functions)\n\n`;
    const sm = summaryRows(s, r);
    md += markdownTable(sm.header, sm.rows) + '\n';
    const d = dimensionRows(s, r);
    if (d) md += `Per dimension (o1's win rate [95% CI]; two-level bootstrap over functions, then starts):\n\n${markdownTable(d.header, d.rows)}\n`;
    md += `Per function (baselines with one lr per suite; win rate of o1 against each):\n\n`;
    md += perFunctionMd(s, r) + '\n';
    md += answerMd(s);
    md += `Success rate (mean over the suite's functions) at each target, baselines with one lr per suite:\n\n`;
    md += successTable(s, r, 'suite') + '\n';
    md += `…and with the best lr per function:\n\n`;
    md += successTable(s, r, 'per-function') + '\n';
    md += `Tuned learning rates (per function; the suite's in bold):\n\n`;
    md += lrTable(s, r) + '\n';
    for (const p of byFile('ecdf', s.name)) md += `![${p.caption}](${p.file})\n\n`;
    for (const p of byFile('box', s.name)) md += `![${p.caption}](${p.file})\n`;
    md += '\n';
    for (const p of byFile('trajectories', s.name)) md += `![${p.caption}](${p.file})\n`;
    md += '\n';
  }
  return md;
}

/** The function suites' section of a report (it introduces the report: model, protocol, timing). */
export function functionSuitesSection(r: BenchResult, functions?: ReadonlyMap<string, TestFunction>): ReportSection {
  const plots = benchPlots(r, functions);
  return { plots, markdown: functionSuitesMarkdown(r, plots), introduces: true };
}

/** Writes report.md, the SVGs and result.json into `dir` (reportFiles.ts); returns the files
 *  written. With `ml` (ML suites' results, `o1 bench --suite …,ml`), their sections follow. */
export function writeReport(r: BenchResult, dir: string, json: string, functions?: ReadonlyMap<string, TestFunction>, ml?: MlBenchResult | readonly MlBenchResult[]): string[] {
  const mls = ml === undefined ? [] : Array.isArray(ml) ? ml : [ml as MlBenchResult];
  return writeReportFiles(dir, json, [functionSuitesSection(r, functions), ...mls.map(mlSection)]);
}
