// Presenting an MlBenchResult (the `ml` suite): terminal tables, the markdown section of
// report.md, and one loss-curve SVG per task (median full-batch training loss per step of o1 and
// the suite-tuned Adam and momentum, with the target).
import { fmt, formatTable, markdownTable } from '../util/table.js';
import { fmtLr, fmtRate, fmtTunedLr } from './format.js';
import { INTERVAL_RULE, contenderOf, o1Of } from './protocol.js';
import { lineChart, type Series } from '../plot/lineChart.js';
import { optimizerColor } from '../plot/style.js';
import { writeReportFiles, type PlotFile, type ReportSection } from './reportFiles.js';
import type { MlBenchResult, MlContender, MlTaskResult } from './ml.js';
import { TRAJECTORY_BASELINES, TUNE_MODES, type TuneMode } from './runBench.js';


function fmtLoss(v: number): string {
  if (v === Infinity) return '∞';
  return Number.isFinite(v) ? fmt(v, 3) : '—';
}

function fmtSteps(v: number | null): string {
  return v === null || !Number.isFinite(v) ? '—' : String(Math.round(v * 10) / 10);
}

function fmtAcc(v: number | null): string {
  return v === null ? '' : Number.isFinite(v) ? v.toFixed(3) : '—';
}


function find(tr: MlTaskResult, name: string, mode: TuneMode): MlContender {
  return contenderOf(tr.contenders, name, mode);
}

/** "a · b" for a baseline's suite-lr and per-task-lr values (one value when equal). */
function pair(a: string, b: string): string {
  return a === b ? a : `${a} · ${b}`;
}

export function mlProtocolLines(r: MlBenchResult): string[] {
  const s = r.settings;
  const g = s.grid;
  const name = s.model.name ?? s.model.ref ?? '(unnamed)';
  return [
    `suite ${s.suite} — model '${name}' (${s.model.lrMode} lr) against ${s.baselines.join(', ')} on ${s.tasks.length} ML task${s.tasks.length === 1 ? '' : 's'} (${s.tasks.join(', ')})`,
    `${s.runs} evaluation runs and ${s.tuneRuns} tuning runs per task (each run a new dataset and a new init; tuning ones disjoint in both), ${s.steps} steps, seed ${s.seed}, ${s.engine === 'ts' ? 'runs on the TS reference' : 'runs on the WASM kernels (bit-identical to the TS reference)'}`,
    `baselines: lr from a ${g.length}-point log grid ${fmt(g[0], 3)} … ${fmt(g[g.length - 1], 3)} (extended at an edge while a choice sits there, ‡ = stopped at 1e-8 or 1e3) by the mean log10 final training loss on the tuning runs, fewer diverged runs first; one lr for the suite and one per task; o1 is not tuned`,
    `steps = first step with full-batch training loss ≤ the task's target, median over runs ("—": not reached on more than half); losses are medians over runs; cells of baselines: suite lr · per-task lr (one value when equal)`,
  ];
}

/** Per task: o1 and each baseline (suite lr / per-task lr). */
export function mlTaskRows(r: MlBenchResult): { header: string[]; rows: string[][] } {
  const header = ['task', 'optimizer', 'lr', 'reached', 'steps', 'ERT', 'train loss', 'test loss', 'test acc', 'div', 'o1 win rate'];
  const rows: string[][] = [];
  for (const tr of r.tasks) {
    const o1 = o1Of(tr.contenders);
    const label = `${tr.task} (n ${tr.n}, target ${fmt(tr.targetLoss, 3)})`;
    const R = o1.finalLoss.length;
    rows.push([label, 'o1', '—', `${o1.reached}/${R}`, fmtSteps(o1.medianSteps), fmtSteps(o1.ert), fmtLoss(o1.medianFinalLoss), fmtLoss(o1.medianTestLoss), fmtAcc(o1.medianTestAccuracy), String(o1.diverged), '']);
    for (const b of r.settings.baselines) {
      const s = find(tr, b, 'suite');
      const p = find(tr, b, 'per-function');
      rows.push([
        '',
        b,
        pair(fmtLr(s.lr), fmtLr(p.lr)),
        pair(`${s.reached}/${R}`, `${p.reached}/${R}`),
        pair(fmtSteps(s.medianSteps), fmtSteps(p.medianSteps)),
        pair(fmtSteps(s.ert), fmtSteps(p.ert)),
        pair(fmtLoss(s.medianFinalLoss), fmtLoss(p.medianFinalLoss)),
        pair(fmtLoss(s.medianTestLoss), fmtLoss(p.medianTestLoss)),
        pair(fmtAcc(s.medianTestAccuracy), fmtAcc(p.medianTestAccuracy)),
        pair(String(s.diverged), String(p.diverged)),
        pair(fmtRate(tr.versus.suite[b].winRate), fmtRate(tr.versus['per-function'][b].winRate)),
      ]);
    }
  }
  return { header, rows };
}

/** Per baseline: o1's win rate on the final training loss (both modes) and the tasks on which o1
 *  reaches the target in fewer steps. */
export function mlSummaryRows(r: MlBenchResult): { header: string[]; rows: string[][] } {
  const header = ['baseline', 'lr (suite)', 'win rate, suite lr', '95% CI', 'W/T/L', 'win rate, per-task lr', '95% CI', 'W/T/L', 'o1 fewer steps (suite · per-task lr)', 'diverged o1', 'diverged baseline'];
  const rows = r.settings.baselines.map((b) => {
    const a = r.summary.suite[b];
    const p = r.summary['per-function'][b];
    return [
      b,
      fmtTunedLr(r.tuning[b].suiteLr, r.tuning[b].bound?.suite),
      fmtRate(a.winRate),
      `[${fmtRate(a.lo)}, ${fmtRate(a.hi)}]`,
      `${a.wins}/${a.ties}/${a.losses}`,
      fmtRate(p.winRate),
      `[${fmtRate(p.lo)}, ${fmtRate(p.hi)}]`,
      `${p.wins}/${p.ties}/${p.losses}`,
      `${a.fewerSteps}/${a.tasks} · ${p.fewerSteps}/${p.tasks}`,
      `${a.o1Diverged}/${a.runs}`,
      `${a.baselineDiverged}/${a.runs} · ${p.baselineDiverged}/${p.runs}`,
    ];
  });
  return { header, rows };
}

export function mlHeadlines(r: MlBenchResult): string[] {
  const out: string[] = [];
  if (r.headline) out.push(r.headline);
  const p = r.summary['per-function'].adam;
  if (p) out.push(`…and than Adam with its best lr per task on ${p.fewerSteps} of ${p.tasks}${p.fewerSteps ? ` (${p.fewerStepsTasks.join(', ')})` : ''}`);
  return out;
}

export function mlTimingLine(r: MlBenchResult): string {
  const t = r.timing;
  const sum = (c: { tuning: number; o1: number; baselines: number }) => c.tuning + c.o1 + c.baselines;
  const all = Object.values(t.runSec).reduce((a, c) => a + sum(c), 0);
  const tune = Object.values(t.runSec).reduce((a, c) => a + c.tuning, 0);
  const share = (v: number) => `${((100 * v) / Math.max(all, 1e-9)).toFixed(0)}%`;
  const perTask = Object.entries(t.runSec).map(([task, c]) => `${task} ${share(sum(c))}`);
  return (
    `ml bench took ${t.totalSec.toFixed(1)} s on ${t.workers} worker${t.workers === 1 ? '' : 's'}, ${t.processCpuSec.toFixed(0)} s of CPU ` +
    `(tuning + o1 ${t.tuningSec.toFixed(1)} s, baseline evaluation ${t.evaluationSec.toFixed(1)} s, statistics ${t.statisticsSec.toFixed(1)} s; ` +
    `${t.runs} runs of ${r.settings.steps} steps; run time ${share(tune)} tuning, per task ${perTask.join(', ')})`
  );
}

/** The terminal section of the ml suite. */
export function formatMlText(r: MlBenchResult, opts: { timing?: boolean } = {}): string {
  let out = mlProtocolLines(r).join('\n') + '\n\n';
  const t = mlTaskRows(r);
  out += formatTable(t.header, t.rows) + '\n';
  const s = mlSummaryRows(r);
  out += formatTable(s.header, s.rows) + '\n';
  out += mlHeadlines(r).join('\n') + (r.headline ? '\n' : '');
  if (opts.timing !== false) out += `${mlTimingLine(r)}\n`;
  return out;
}

// ---------- report ----------


/** A loss-curve plot of an ML suite's report. */
export type MlPlotFile = PlotFile;

/** Per task: the median full-batch training loss per step of o1, the suite-tuned momentum and
 *  Adam (and Adam at its per-task lr, dashed, when different), with the target. */
export function mlPlots(r: MlBenchResult): MlPlotFile[] {
  const out: MlPlotFile[] = [];
  for (const tr of r.tasks) {
    const o1 = o1Of(tr.contenders);
    const steps = o1.curve.length - 1;
    const x = Array.from({ length: steps + 1 }, (_, t) => t);
    const series: Series[] = [{ name: 'o1', x, y: o1.curve, color: optimizerColor('o1') }];
    for (const b of TRAJECTORY_BASELINES) {
      const c = tr.contenders.find((k) => k.optimizer === b && k.mode === 'suite');
      if (c) series.push({ name: `${b} (lr ${fmtLr(c.lr)})`, x, y: c.curve, color: optimizerColor(b) });
    }
    const ap = tr.contenders.find((k) => k.optimizer === 'adam' && k.mode === 'per-function');
    const as = tr.contenders.find((k) => k.optimizer === 'adam' && k.mode === 'suite');
    if (ap && as && ap.lr !== as.lr) series.push({ name: `adam, task lr ${fmtLr(ap.lr)}`, x, y: ap.curve, dashed: true, color: optimizerColor('adam') });
    series.push({ name: `target ${fmt(tr.targetLoss, 3)}`, x: [0, steps], y: [tr.targetLoss, tr.targetLoss], color: '#888', dashed: true });
    const file = `${r.settings.suite}-curve-${tr.task.replace(/[^\w.-]+/g, '_')}.svg`;
    out.push({
      file,
      svg: lineChart(series, { title: `${tr.task}: median full-batch training loss over ${o1.finalLoss.length} runs`, xLabel: 'steps', yLabel: 'training loss', logY: true }),
      caption: `training loss per step on ${tr.task}`,
    });
  }
  return out;
}

/** The ml section of report.md (a level-2 heading and below). */
export function mlMarkdown(r: MlBenchResult, plots: readonly MlPlotFile[]): string {
  const s = r.settings;
  const about = { ml: 'training losses of small real models', real: 'held-out real data, evaluation only', preregistered: 'the pre-registered split, evaluation only, scored once', 'preregistered-2': 'the second pre-registered split, evaluation only, scored once', 'preregistered-3': 'the third pre-registered split, evaluation only, scored once', 'ml-minibatch': 'the ml suite trained by mini-batches' }[r.settings.suite];
  let md = `## Suite ${r.settings.suite} (${about})\n\n`;
  md += mlProtocolLines(r).map((l) => `- ${l}`).join('\n') + '\n';
  md += `- Win rate of o1, paired by run (same dataset, same init), ${s.tieRule}. CIs: 95%, ${s.bootstrap} bootstrap resamples — ${INTERVAL_RULE}.\n`;
  md += `- Steps to target: ${s.stepsToTarget}.\n\n`;
  md += `${mlTimingLine(r)}\n\n`;
  md += mlHeadlines(r).map((l) => `**${l}**`).join('\n\n') + '\n\n';
  const sm = mlSummaryRows(r);
  md += markdownTable(sm.header, sm.rows) + '\n';
  for (const mode of TUNE_MODES) {
    md += `Per task, baselines with ${mode === 'suite' ? 'one lr for the suite' : 'their best lr per task'} (medians over ${s.runs} runs):\n\n`;
    const rows: string[][] = [];
    for (const tr of r.tasks) {
      const o1 = o1Of(tr.contenders);
      const R = o1.finalLoss.length;
      for (const c of [o1, ...s.baselines.map((b) => find(tr, b, mode))]) {
        const v = c.mode === 'none' ? undefined : tr.versus[mode][c.optimizer];
        rows.push([
          c.mode === 'none' ? `${tr.task} (target ${fmt(tr.targetLoss, 3)})` : '',
          c.optimizer,
          fmtLr(c.lr),
          `${c.reached}/${R}`,
          fmtSteps(c.medianSteps),
          fmtSteps(c.ert),
          fmtLoss(c.medianFinalLoss),
          fmtLoss(c.medianTestLoss),
          fmtAcc(c.medianTestAccuracy),
          String(c.diverged),
          v ? `${fmtRate(v.winRate)} (${v.wins}/${v.ties}/${v.losses})` : '',
        ]);
      }
    }
    md += markdownTable(['task', 'optimizer', 'lr', 'reached', 'median steps', 'ERT', 'train loss', 'test loss', 'test acc', 'diverged', 'o1 win rate (W/T/L)'], rows) + '\n';
  }
  md += `Tuned learning rates (per task; the suite's in bold):\n\n`;
  const lrRows = r.tasks.map((tr) => [tr.task, ...s.baselines.map((b) => fmtTunedLr(r.tuning[b].perFunctionLr[tr.task], r.tuning[b].bound?.perFunction[tr.task]))]);
  lrRows.push(['**suite**', ...s.baselines.map((b) => `**${fmtTunedLr(r.tuning[b].suiteLr, r.tuning[b].bound?.suite)}**`)]);
  md += markdownTable(['task', ...s.baselines], lrRows) + '\n';
  for (const p of plots) md += `![${p.caption}](${p.file})\n`;
  return md + '\n';
}

/** An ML suite's section of a report: its markdown and loss curves. */
export function mlSection(r: MlBenchResult): ReportSection {
  const plots = mlPlots(r);
  return { plots, markdown: mlMarkdown(r, plots) };
}

/** A report of the ML suites alone (ml, real): report.md, result.json and the SVGs (reportFiles.ts). */
export function writeMlReport(r: MlBenchResult | readonly MlBenchResult[], dir: string, json: string): string[] {
  return writeReportFiles(dir, json, (Array.isArray(r) ? r : [r as MlBenchResult]).map(mlSection));
}
