// Writing a report's files into its folder, each through a temp name and a rename: the SVGs,
// then result.json and report.md last (a report.md on disk means the rest is there).
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomicWrite.js';

export interface SvgFile {
  file: string;
  svg: string;
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
