// The one report writer of every suite: a report is a title, each suite's section (its markdown
// and its SVG plots) in order, and result.json. Each file goes through a temp name and a rename:
// the SVGs first, then result.json and report.md last (a report.md on disk means the rest is there).
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomicWrite.js';

export interface SvgFile {
  file: string;
  svg: string;
}

/** A plot of a report: its file, its SVG and the caption report.md shows it under. */
export interface PlotFile extends SvgFile {
  caption: string;
  /** The suite whose section shows it (function suites). */
  suite?: string;
  kind?: 'ecdf' | 'box' | 'matrix' | 'trajectories' | 'curve';
}

/** One suite's (or one group of suites') part of a report. */
export interface ReportSection {
  plots: readonly PlotFile[];
  markdown: string;
  /** True when the section opens with its own introduction (the protocol, the model, the
   *  timing): the report's common head is then the title alone. */
  introduces?: boolean;
}

/** The report's common head: the title, and where the protocol is written when no section
 *  introduces it. */
export function reportHead(sections: readonly ReportSection[]): string {
  return sections[0]?.introduces ? '# o1 benchmark\n\n' : '# o1 benchmark\n\nProtocol details: docs/BENCHMARK.md.\n\n';
}

/** Writes every section's SVGs, then result.json and report.md (the head, then the sections in
 *  order) into `dir`; returns the files written, in that order. */
export function writeReportFiles(dir: string, json: string, sections: readonly ReportSection[]): string[] {
  const files: string[] = [];
  for (const s of sections) files.push(...writeSvgs(s.plots, dir));
  files.push(...writeResultAndMarkdown(dir, json, reportHead(sections) + sections.map((s) => s.markdown).join('')));
  return files;
}

/** Writes each SVG into `dir`; returns the paths written, in order. */
export function writeSvgs(plots: readonly SvgFile[], dir: string): string[] {
  return plots.map((p) => {
    const f = join(dir, p.file);
    writeFileAtomic(f, p.svg);
    return f;
  });
}

/** Writes result.json and report.md into `dir`; returns their paths. */
export function writeResultAndMarkdown(dir: string, json: string, markdown: string): string[] {
  const jf = join(dir, 'result.json');
  writeFileAtomic(jf, json);
  const md = join(dir, 'report.md');
  writeFileAtomic(md, markdown);
  return [jf, md];
}
