// npm run bench:tfjs-browser — O1Optimizer's device path against its host (dataSync) path and
// tf.train.adam on TF.js's webgl backend in headless Chromium: ms per trainOnBatch of the MLP
// 784→512→512→10 at batch 64, the three interleaved in blocks in one page (bench/tfjs-browser).
// Without a GPU, WebGL is SwiftShader (software GL): the numbers are for the record, not a
// prediction of GPU speed.
//   options: --blocks B (default 3), --per-block K (default 3)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { buildPage, openPage, servePage } from './tfjs-browser/harness.js';
import { MODELS_DIR } from '../src/paths.js';

const argv = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};

async function main(): Promise<void> {
  const root = await buildPage();
  const { server, url } = await servePage(root);
  const { context, page, problems } = await openPage(url);
  try {
    const start = loadavg();
    const info = await page.evaluate(() => (window as unknown as { o1tf: { init(b: string): Promise<unknown> } }).o1tf.init('webgl'));
    const modelJson = readFileSync(join(MODELS_DIR, 'default.json'), 'utf8');
    const rows = (await page.evaluate(
      ({ m, b, k }) => (window as unknown as { o1tf: { time(m: string, b: number, k: number): Promise<unknown> } }).o1tf.time(m, b, k),
      { m: modelJson, b: Number(arg('--blocks', '3')), k: Number(arg('--per-block', '3')) },
    )) as { label: string; ms: number; ratio: number }[];
    console.log(`# O1Optimizer on TF.js's webgl backend in headless Chromium: MLP 784→512→512→10, batch 64, trainOnBatch`);
    console.log(`machine: ${cpus()[0].model} × ${cpus().length}; ${JSON.stringify(info)}; load average ${start.map((x) => x.toFixed(1)).join(' ')} → ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    for (const r of rows) console.log(`  ${r.label.padEnd(10)} ${r.ms.toFixed(1).padStart(8)} ms per step   ${r.ratio.toFixed(2)}× adam`);
    if (problems.length) console.log('page problems:', problems.join('; '));
  } finally {
    await context.close();
    server.close();
  }
}

await main();
