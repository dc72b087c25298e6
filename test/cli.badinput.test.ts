// Bad input, table-driven, through the built CLI (test/helpers/badInput.ts): every case must exit 2
// with one line on stderr that names the problem — never a stack trace, an internal error or a hang.
// One table per class of input (issue 15); user modules and checkpoints are in
// test/cli.badinput.modules.test.ts.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { PACKAGE_ROOT } from '../src/paths.js';
import { modelToText } from '../src/model/text.js';
import { parseModelJson } from '../src/model/json.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BadInputCase, badInputProblems, badInputSuite, runInProcess } from './helpers/badInput.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const RUN = ['run', '--fn', 'sphere', '--opt', 'adam'];
const TRAIN0 = ['train', '--quiet', '--workers', '1', '--generations', '1'];
const TRAIN = [...TRAIN0, '--population', '2', '--starts', '1', '--steps', '2'];
const BENCH = ['bench', '--fn', 'sphere', '--suite', 'heldout', '--opt', 'adam', '--starts', '1', '--tune-starts', '1', '--steps', '2', '--bootstrap', '10'];

describe('the harness', () => {
  it('flags each way a case can fail', () => {
    const ok = { code: 2, stdout: '', stderr: 'o1: --steps: bad\n', timedOut: false, ms: 1 };
    expect(badInputProblems(ok, /--steps/)).toEqual([]);
    expect(badInputProblems({ ...ok, code: 1 })).toContain('exit code 1, expected 2');
    expect(badInputProblems({ ...ok, stderr: 'a\nb\n' })).toContain('2 stderr lines, expected exactly 1');
    expect(badInputProblems({ ...ok, stderr: '' })).toContain('0 stderr lines, expected exactly 1');
    expect(badInputProblems({ ...ok, stderr: 'Error: x\n    at f (/a/b.js:1:2)\n' })).toContain('stack trace on stderr');
    expect(badInputProblems({ ...ok, stderr: 'o1: internal error: x\n' })).toContain('reported as an internal error');
    expect(badInputProblems({ ...ok, code: null, timedOut: true })[0]).toMatch(/hung/);
    expect(badInputProblems(ok, /--dims/)).toEqual(['stderr does not match /--dims/']);
  });
});

// Numbers are plain decimals: no hex, binary, octal, padding, empty items or underflow to 0.
const numbers: BadInputCase[] = [
  { name: 'run --steps 0x10', args: [...RUN, '--steps', '0x10'], stderr: /--steps: '0x10' is not a finite number in decimal notation/ },
  { name: 'run --steps 0b11', args: [...RUN, '--steps', '0b11'], stderr: /--steps/ },
  { name: 'run --steps 0o7', args: [...RUN, '--steps', '0o7'], stderr: /--steps/ },
  { name: 'run --steps " 7 "', args: [...RUN, '--steps', ' 7 '], stderr: /--steps: ' 7 ' has surrounding spaces/ },
  { name: 'run --steps empty', args: [...RUN, '--steps', ''], stderr: /--steps/ },
  { name: 'run --steps 1.5', args: [...RUN, '--steps', '1.5'], stderr: /--steps.*integer/ },
  { name: 'run --steps -1', args: [...RUN, '--steps', '-1'], stderr: /--steps/ },
  { name: 'run --steps Infinity', args: [...RUN, '--steps', 'Infinity'], stderr: /--steps/ },
  { name: 'run --start 1e-400,1 (underflow)', args: [...RUN, '--start', '1e-400,1'], stderr: /--start.*1e-400.*too small/ },
  { name: 'run --start 1,,2', args: [...RUN, '--dims', '3', '--start', '1,,2'], stderr: /--start.*empty item/ },
  { name: 'run --start 0x1,2', args: [...RUN, '--start', '0x1,2'], stderr: /--start.*0x1/ },
  { name: 'run --start 1e999,0', args: [...RUN, '--start', '1e999,0'], stderr: /--start.*range of a double/ },
  { name: 'run --seed 0x10', args: [...RUN, '--seed', '0x10'], stderr: /--seed/ },
  { name: 'run --dims " 3"', args: [...RUN, '--dims', ' 3'], stderr: /--dims/ },
  { name: 'viz --scale 0x2', args: ['viz', '--fn', 'booth', '--scale', '0x2'], stderr: /--scale/ },
  { name: 'viz --azimuth 1e-400', args: ['viz', '--fn', 'booth', '--azimuth', '1e-400'], stderr: /--azimuth.*too small/ },
  { name: 'train --sigma 0b1', args: [...TRAIN, '--sigma', '0b1'], stderr: /--sigma/ },
  { name: 'train --functions sphere,,booth', args: [...TRAIN, '--functions', 'rosenbrock,,himmelblau'], stderr: /--functions.*empty item/ },
  { name: 'bench --steps 50,,200', args: [...BENCH.slice(0, -4), '--steps', '50,,200'], stderr: /--steps.*empty item/ },
  { name: 'bench --nd-dims 10,', args: [...BENCH, '--nd-dims', '10,'], stderr: /--nd-dims.*empty item/ },
  { name: 'bench --starts 0b11', args: [...BENCH.slice(0, 9), '--starts', '0b11'], stderr: /--starts/ },
  { name: 'serve --port 0x50', args: ['serve', '--port', '0x50'], stderr: /--port/ },
  { name: 'run --lr 0x1', args: [...RUN, '--lr', '0x1'], stderr: /0x1/ },
  { name: 'run --opt adam:lr=0x1', args: ['run', '--fn', 'sphere', '--opt', 'adam:lr=0x1'], stderr: /lr.*0x1/ },
  { name: 'run --opt o1,adam (a list is viz\'s)', args: ['run', '--fn', 'sphere', '--opt', 'o1,adam'], stderr: /--opt o1,adam: run takes one optimizer; viz races several \(o1 viz --opt o1,adam\)/ },
  { name: 'run --opt adam:betas=0.9,0.99,sgd (a list after betas)', args: ['run', '--fn', 'sphere', '--opt', 'adam:betas=0.9,0.99,sgd'], stderr: /run takes one optimizer; viz races several.*one of adam:betas=0\.9,0\.99, sgd\n/ },
  { name: 'run --opt adam:lr=1e-400', args: ['run', '--fn', 'sphere', '--opt', 'adam:lr=1e-400'], stderr: /1e-400.*too small/ },
  { name: 'run --betas 0.9,,0.99', args: [...RUN, '--betas', '0.9,,0.99'], stderr: /betas/ },
  { name: 'viz --opt o1,,adam', args: ['viz', '--fn', 'booth', '--opt', 'o1,,adam'], stderr: /--opt.*empty item/ },
  { name: 'bench --opt adam,', args: [...BENCH.slice(0, 5), '--opt', 'adam,'], stderr: /--opt.*empty item/ },
  { name: 'run --seed 1e20 (would wrap in 32 bits)', args: [...RUN, '--seed', '100000000000000000000'], stderr: /--seed.*limit/ },
  { name: 'viz --seed 2^31', args: ['viz', '--fn', 'booth', '--seed', '2147483648'], stderr: /--seed.*limit/ },
  { name: 'bench --seed 2^32', args: [...BENCH, '--seed', '4294967296'], stderr: /--seed.*limit/ },
  { name: 'train --seed 99999999999999', args: [...TRAIN, '--seed', '99999999999999'], stderr: /--seed.*limit/ },
  { name: 'unknown option suggestion on one line', args: [...RUN, '--stps', '3'], stderr: /unknown option '--stps'.*Did you mean --steps/ },
];

// Sizes and counts are bounded before anything is allocated; the message names the limit.
const limits: BadInputCase[] = [
  { name: 'run --steps 4294967301 (would wrap to 5 in 32 bits)', args: [...RUN, '--steps', '4294967301'], stderr: /--steps.*limit/ },
  { name: 'run --steps 1e12', args: [...RUN, '--steps', '1e12'], stderr: /--steps.*limit/ },
  { name: 'run --dims 1e9', args: [...RUN, '--dims', '1000000000'], stderr: /--dims.*limit/ },
  { name: 'run --json over the trace limit', args: [...RUN, '--dims', '1000', '--steps', '100000', '--json'], stderr: /--json.*limit/ },
  { name: 'viz --steps 1e9', args: ['viz', '--fn', 'booth', '--steps', '1000000000'], stderr: /--steps.*limit/ },
  { name: 'viz path points over the limit', args: ['viz', '--fn', 'booth', '--starts', '64', '--steps', '1000000'], stderr: /path points.*limit/ },
  { name: 'train --steps 4294967301', args: [...TRAIN, '--steps', '4294967301'], stderr: /--steps.*limit/ },
  { name: 'train --population 1e9', args: [...TRAIN, '--population', '1000000000'], stderr: /--population.*limit/ },
  { name: 'train --generations 1e12', args: [...TRAIN, '--generations', '1000000000000'], stderr: /--generations.*limit/ },
  { name: 'train --starts 1e9', args: [...TRAIN, '--starts', '1000000000'], stderr: /--starts.*limit/ },
  { name: 'train --workers 100000', args: [...TRAIN, '--workers', '100000'], stderr: /--workers.*limit/ },
  { name: 'train --hidden 1e6', args: [...TRAIN, '--hidden', '1000000'], stderr: /--hidden.*limit/ },
  // a switch the run's strategy does not read is refused, not ignored (issue 19: cmaes has no elitism)
  { name: 'train --no-elitism (cmaes)', args: [...TRAIN, '--no-elitism'], stderr: /--no-elitism: the cmaes strategy does not use it \(only notebook\)/ },
  { name: 'train --strategy openai-es --no-mirrored', args: [...TRAIN, '--strategy', 'openai-es', '--no-mirrored'], stderr: /--no-mirrored: the openai-es strategy does not use it \(only notebook, cmaes\)/ },
  { name: 'train --selection ranks (cmaes)', args: [...TRAIN, '--selection', 'ranks'], stderr: /--selection ranks: the cmaes strategy/ },
  { name: 'train --hidden 5000 with cmaes', args: [...TRAIN, '--strategy', 'cmaes', '--hidden', '4000'], stderr: /cmaes.*limit/ },
  { name: 'train --dims 1e9', args: [...TRAIN, '--functions', 'sphere', '--dims', '1000000000'], stderr: /--dims.*limit/ },
  { name: 'train --nd-dims 1e9', args: [...TRAIN, '--nd-dims', '1000000000'], stderr: /--nd-dims.*limit/ },
  { name: 'train config steps over the limit', args: [...TRAIN0, '--config', 'c.json'], setup: (d) => writeJson(d, 'c.json', { steps: 1e12 }), stderr: /"steps".*limit/ },
  { name: 'train config seed outside 32 bits', args: [...TRAIN0, '--config', 'c.json'], setup: (d) => writeJson(d, 'c.json', { seed: 2 ** 40 }), stderr: /"seed".*32-bit/ },
  { name: 'run --steps 1e8 (a baseline table over the arena)', args: [...RUN, '--dims', '1', '--steps', '100000000'], stderr: /--steps.*limit of 10,000,000/ },
  { name: 'train config with __proto__ and constructor keys', args: [...TRAIN0, '--config', 'c.json'], setup: (d) => writeFileSync(join(d, 'c.json'), '{"__proto__": {"steps": 5}, "constructor": 1}'), stderr: /unknown setting "__proto__".*unknown setting "constructor"/ },
  { name: 'train config population over the limit', args: [...TRAIN0, '--config', 'c.json'], setup: (d) => writeJson(d, 'c.json', { population: 1e9 }), stderr: /"population".*limit/ },
  // the conv task family's switch (issue 21): a count, never negative, words or over its limit
  { name: 'train --conv-tasks -1', args: [...TRAIN, '--conv-tasks', '-1'], stderr: /--conv-tasks: '-1' must be an integer ≥ 0/ },
  { name: 'train --conv-tasks two', args: [...TRAIN, '--conv-tasks', 'two'], stderr: /--conv-tasks: 'two'/ },
  { name: 'train --conv-tasks 1.5', args: [...TRAIN, '--conv-tasks', '1.5'], stderr: /--conv-tasks: '1.5' must be an integer/ },
  { name: 'train --conv-tasks 1e9', args: [...TRAIN, '--conv-tasks', '1000000000'], stderr: /--conv-tasks.*limit of 10,000/ },
  { name: 'train config convTasks "2"', args: [...TRAIN0, '--config', 'c.json'], setup: (d) => writeJson(d, 'c.json', { convTasks: '2' }), stderr: /"convTasks" must be an integer, got "2"/ },
  { name: 'bench --starts 1e9', args: [...BENCH.slice(0, 9), '--starts', '1000000000'], stderr: /--starts.*limit/ },
  { name: 'bench --tune-starts 1e9', args: [...BENCH, '--tune-starts', '1000000000'], stderr: /--tune-starts.*limit/ },
  { name: 'bench --steps 4294967301', args: [...BENCH, '--steps', '4294967301'], stderr: /--steps.*limit/ },
  { name: 'bench --bootstrap 1e12', args: [...BENCH, '--bootstrap', '1000000000000'], stderr: /--bootstrap.*limit/ },
  { name: 'bench --workers 100000', args: [...BENCH, '--workers', '100000'], stderr: /--workers.*limit/ },
  { name: 'bench --nd-dims 1e9', args: [...BENCH, '--nd-dims', '1000000000'], stderr: /--nd-dims.*limit/ },
  { name: 'worker --workers 100000', args: ['worker', '--queue', 'redis://127.0.0.1:1', '--workers', '100000'], stderr: /--workers.*limit/ },
];

function writeJson(dir: string, name: string, value: unknown): void {
  writeFileSync(join(dir, name), JSON.stringify(value));
}

badInputSuite('bad numbers', numbers);
badInputSuite('sizes over their limits', limits);

// Files: what is read must be a regular file of a sane size; what is written is checked before the work.
const fifo = (dir: string, name: string) => execFileSync('mkfifo', [join(dir, name)]);
const deepJson = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const MODEL_JSON = readFileSync(join(PACKAGE_ROOT, 'models', 'default.json'), 'utf8');
const RUN_O1 = ['run', '--fn', 'booth', '--opt', 'o1', '--steps', '3'];
const files: BadInputCase[] = [
  { name: 'run --model /dev/zero', args: [...RUN_O1, '--model', '/dev/zero'], spawn: true, stderr: /\/dev\/zero.*device, not a regular file/ },
  { name: 'run --model /dev/urandom', args: [...RUN_O1, '--model', '/dev/urandom'], spawn: true, stderr: /\/dev\/urandom.*not a regular file/ },
  { name: 'run --model FIFO', setup: (d) => fifo(d, 'm.json'), args: [...RUN_O1, '--model', 'm.json'], spawn: true, stderr: /m\.json.*FIFO/ },
  { name: 'run --model directory', setup: (d) => mkdirSync(join(d, 'm.json')), args: [...RUN_O1, '--model', 'm.json'], stderr: /m\.json.*directory/ },
  { name: 'run --model over the size cap', setup: (d) => truncateSync(touch(d, 'big.json'), 65 * 1024 * 1024), args: [...RUN_O1, '--model', 'big.json'], stderr: /big\.json.*limit/ },
  { name: 'show /dev/zero', args: ['show', '/dev/zero'], spawn: true, stderr: /\/dev\/zero.*not a regular file/ },
  { name: 'show FIFO', setup: (d) => fifo(d, 'm.txt'), args: ['show', 'm.txt'], spawn: true, stderr: /m\.txt.*FIFO/ },
  { name: 'show a directory', setup: (d) => mkdirSync(join(d, 'sub')), args: ['show', 'sub'], stderr: /sub.*directory/ },
  { name: 'model JSON nested 10000 deep', setup: (d) => writeFileSync(join(d, 'deep.json'), MODEL_JSON.replace(/\}\s*$/, `, "extra": ${deepJson(10_000)}}`)), args: ['show', 'deep.json'], stderr: /deep\.json.*nested/ },
  { name: 'model provenance nested 10000 deep', setup: (d) => writeFileSync(join(d, 'deep.json'), MODEL_JSON.replace('"provenance": {', `"provenance": {"x": ${deepJson(10_000)},`)), args: [...RUN_O1, '--model', 'deep.json'], stderr: /deep\.json.*nested/ },
  { name: 'text model provenance nested 10000 deep', setup: (d) => writeFileSync(join(d, 'deep.txt'), textModel().replace(/provenance .*\n$/, `provenance {"x":${deepJson(10_000)}}\n`)), args: ['show', 'deep.txt'], stderr: /deep\.txt.*nested/ },
  { name: 'JSON parse error quoting newlines stays one line', setup: (d) => writeFileSync(join(d, 'bad.json'), '{\n"format":\n\n}\n'), args: ['show', 'bad.json'], stderr: /bad\.json.*not valid JSON/ },
  { name: 'train --config /dev/zero', args: [...TRAIN, '--config', '/dev/zero'], spawn: true, stderr: /--config.*\/dev\/zero.*not a regular file/ },
  { name: 'train --config FIFO', setup: (d) => fifo(d, 'c.json'), args: [...TRAIN, '--config', 'c.json'], spawn: true, stderr: /--config.*FIFO/ },
  { name: 'train --config directory', setup: (d) => mkdirSync(join(d, 'c.json')), args: [...TRAIN, '--config', 'c.json'], stderr: /--config.*directory/ },
  { name: 'train --config over the size cap', setup: (d) => truncateSync(touch(d, 'c.json'), 2 * 1024 * 1024), args: [...TRAIN, '--config', 'c.json'], stderr: /--config.*limit/ },
  { name: 'train --config nested 10000 deep', setup: (d) => writeFileSync(join(d, 'c.json'), `{"functions": ${deepJson(10_000)}}`), args: [...TRAIN, '--config', 'c.json'], stderr: /--config.*nested/ },
  { name: 'train --resume /dev/zero', args: ['train', '--quiet', '--resume', '/dev/zero'], spawn: true, stderr: /\/dev\/zero.*not a regular file/ },
  { name: 'train --resume FIFO', setup: (d) => fifo(d, 'checkpoint.json'), args: ['train', '--quiet', '--resume', 'checkpoint.json'], spawn: true, stderr: /checkpoint\.json.*FIFO/ },
  { name: 'train --resume directory', setup: (d) => mkdirSync(join(d, 'checkpoint.json')), args: ['train', '--quiet', '--resume', 'checkpoint.json'], stderr: /checkpoint\.json.*directory/ },
  // Output paths.
  { name: 'bench --report is a file', setup: (d) => void touch(d, 'r'), args: [...BENCH, '--report', 'r'], stderr: /--report r: exists and is not a directory/ },
  { name: 'bench --report under a file', setup: (d) => void touch(d, 'r'), args: [...BENCH, '--report', 'r/sub'], stderr: /--report r\/sub:.*which is a file/ },
  { name: 'bench --report not empty', setup: (d) => { mkdirSync(join(d, 'r')); touch(d, 'r/old.svg'); }, args: [...BENCH, '--report', 'r'], stderr: /--report r: is not empty \(old\.svg\); choose a new or empty directory, or delete it/ },
  { name: 'bench --report not writable', args: [...BENCH, '--report', '/proc/o1-report'], stderr: /--report \/proc\/o1-report:/ },
  { name: 'viz --out is a directory', setup: (d) => mkdirSync(join(d, 'p.svg')), args: ['viz', '--fn', 'booth', '--out', 'p.svg'], stderr: /--out p\.svg: is a directory/ },
  { name: 'viz --out under a file', setup: (d) => void touch(d, 'f'), args: ['viz', '--fn', 'booth', '--out', 'f/p.svg'], stderr: /--out f\/p\.svg:.*which is a file/ },
  { name: 'viz --out not writable', args: ['viz', '--fn', 'booth', '--out', '/proc/o1.svg'], stderr: /--out \/proc\/o1\.svg:/ },
  { name: 'train --out is a file', setup: (d) => void touch(d, 'o'), args: [...TRAIN, '--out', 'o'], stderr: /--out o: exists and is not a directory/ },
  { name: 'train --out under a file', setup: (d) => void touch(d, 'o'), args: [...TRAIN, '--out', 'o/run'], stderr: /--out o\/run:.*which is a file/ },
  { name: 'train --out not writable', args: [...TRAIN, '--out', '/proc/o1-run'], stderr: /--out \/proc\/o1-run:/ },
  { name: 'train --name with O1_MODELS_DIR a file', setup: (d) => void touch(d, 'reg'), env: (d) => ({ O1_MODELS_DIR: join(d, 'reg') }), args: [...TRAIN, '--name', 'm1'], stderr: /O1_MODELS_DIR/ },
  { name: 'train --name with O1_MODELS_DIR under a file', setup: (d) => void touch(d, 'reg'), env: (d) => ({ O1_MODELS_DIR: join(d, 'reg', 'sub') }), args: [...TRAIN, '--name', 'm1'], stderr: /registry.*which is a file/ },
  { name: 'train --name with ./models a file', setup: (d) => void touch(d, 'models'), args: [...TRAIN, '--name', 'm1'], stderr: /registry.*models/ },
  { name: 'models with O1_MODELS_DIR a file', setup: (d) => void touch(d, 'reg'), env: (d) => ({ O1_MODELS_DIR: join(d, 'reg') }), args: ['models'], stderr: /O1_MODELS_DIR.*not a directory/ },
];

function touch(dir: string, name: string): string {
  const p = join(dir, name);
  writeFileSync(p, '');
  return p;
}

function textModel(): string {
  return modelToText(parseModelJson(MODEL_JSON, 'default.json'));
}

badInputSuite('files', files);

// Small ones: the server's flags.
const serve: BadInputCase[] = [
  // A whole-number flag suggests a whole number (issue 24 item 13), not parseNumber's 0.01.
  { name: 'serve --port abc', args: ['serve', '--port', 'abc'], stderr: /--port: 'abc' is not a finite number in decimal notation \(give a whole number, e\.g\. --port 8173\)\n/ },
  { name: 'run --steps abc', args: [...RUN, '--steps', 'abc'], stderr: /--steps: 'abc' .*\(give a whole number, e\.g\. --steps 100\)\n/ },
  { name: 'serve --port 70000', args: ['serve', '--port', '70000'], stderr: /--port 70000: must be at most 65535/ },
  { name: 'serve --port -1', args: ['serve', '--port', '-1'], stderr: /--port/ },
  { name: 'serve --host not an address here', args: ['serve', '--port', '0', '--host', '203.0.113.7'], stderr: /--host 203\.0\.113\.7: not an address of this machine/ },
];
badInputSuite('serve flags', serve);

// `o1 show REF` and `o1 run --model REF` take the same references as models: the same files load,
// the same refs fail with the same message.
describe('show and run agree on which files are models', () => {
  it('for files, directories, devices, ids and missing paths', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'o1-agree-'));
    writeFileSync(join(dir, 'a.json'), MODEL_JSON);
    writeFileSync(join(dir, 'a.txt'), textModel());
    writeFileSync(join(dir, 'noext'), MODEL_JSON);
    writeFileSync(join(dir, 'text-as-json.json'), textModel());
    writeFileSync(join(dir, 'empty.txt'), '');
    mkdirSync(join(dir, 'default'));
    const refs = ['a.json', 'a.txt', 'noext', 'text-as-json.json', 'empty.txt', 'default', 'generalist-v2', '/dev/null', 'missing.json', 'no-such-id'];
    for (const ref of refs) {
      const show = await runInProcess(['show', ref], { cwd: dir });
      const run = await runInProcess([...RUN_O1, '--model', ref], { cwd: dir });
      expect([ref, run.code], run.stderr).toEqual([ref, show.code]);
      expect(run.stderr, ref).toBe(show.stderr);
      if (show.code === 0) expect(show.stdout).toMatch(/^o1-model 1/);
    }
  });
});
