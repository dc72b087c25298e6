// Every code block of README.md, docs/*.md and python/README.md runs as written (issue 24 item 1),
// or is named below with the reason it is not run here — a new block that is neither fails.
//  - A block after a marker "<!-- …: test/X (or python/tests/X) runs this block as written -->" is
//    run by that test (checked: the file exists and names the block's marker or file).
//  - js / ts blocks: saved inside the package (so `from 'o1'` resolves to this package through its
//    "exports"; ts is transpiled by TypeScript first) and run with Node on the built dist/.
//  - sh / bash blocks, line by line: `npx o1 …` / `o1 …` is parsed by the real command line (every
//    flag and choice must exist), and run for real (in a temporary folder that has the checkout's
//    examples/) when it is quick; slow or long-lived commands (train, bench, serve, worker) and
//    commands that need an earlier run are parse-checked only. Other lines must be commands this
//    project defines (npm scripts in package.json, the Python package's install and tests, which
//    CI runs) — listed in OTHER_COMMANDS.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { buildProgram, main } from '../src/cli/main.js';
import { PACKAGE_ROOT } from '../src/paths.js';

interface Block {
  file: string;
  line: number;
  lang: string;
  text: string;
  /** The test named by a "runs this block" marker just above it. */
  runBy?: string;
}

const FILES = ['README.md', ...readdirSync(join(PACKAGE_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`), 'python/README.md'];

function blocksOf(file: string): Block[] {
  const lines = readFileSync(join(PACKAGE_ROOT, file), 'utf8').split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    let j = i + 1;
    while (j < lines.length && !/^```\s*$/.test(lines[j])) j++;
    const marker = /<!--.*?((?:test|python\/tests)\/[\w./-]+) runs this block/.exec(lines.slice(Math.max(0, i - 2), i).join('\n'));
    out.push({ file, line: i + 1, lang: open[1], text: lines.slice(i + 1, j).join('\n'), ...(marker ? { runBy: marker[1] } : {}) });
    i = j;
  }
  return out;
}

const BLOCKS = FILES.filter((f) => existsSync(join(PACKAGE_ROOT, f))).flatMap(blocksOf);

/** Blocks not run here, each with its reason (file and first line identify it). */
const NOT_RUN: { file: string; starts: string; why: string }[] = [
  { file: 'docs/ML.md', starts: 'const lrs = Array.from({ length: 13 }', why: 'the target calibration sweep of bench/calibrate.ts takes ≈ 3 minutes on 2 cores' },
  { file: 'docs/MODULES.md', starts: "o1: objective module './slow.mjs'", why: 'an error message as printed, not a command' },
];

/** Shell lines that are not o1 commands: what they are and who runs them. */
const OTHER_COMMANDS: { pattern: RegExp; why: string }[] = [
  { pattern: /^npm (install|ci)\b/, why: 'installs: CI runs `npm ci`' },
  { pattern: /^npm test$/, why: 'this suite' },
  { pattern: /^npm run (\S+)$/, why: 'a package.json script (checked to exist)' },
  { pattern: /^(sudo )?apt-get install /, why: "Debian's packages: CI installs them" },
  { pattern: /^export O1_REDIS_URL=/, why: 'an environment variable for the queue (docs/DISTRIBUTED.md)' },
  { pattern: /^(\/usr\/bin\/)?python3 -m venv --system-site-packages \S+$/, why: 'the Python package install: CI runs it (.ci/run)' },
  { pattern: /^(\.venv|\/tmp\/o1-venv)\/bin\/pip install (--quiet )?--no-build-isolation \.\/python$/, why: 'the Python package install: CI runs it (.ci/run)' },
  { pattern: /^\(cd python && \/tmp\/o1-venv\/bin\/python -m pytest .*tests\)$/, why: 'the Python tests: CI runs them (.ci/run)' },
  { pattern: /^\/usr\/bin\/python3 python\/bench\/compare_adam\.py /, why: 'the PyTorch measurement of docs/PYTORCH.md (minutes)' },
];

/** o1 commands run for real here (quick, self-contained); the others are parse-checked only. */
const RUN_FOR_REAL = new Set(['functions', 'optimizers', 'run', 'models', 'show', 'viz']);

/** Shell words of one command (no quoting is used in the docs' command lines; checked). */
function words(cmd: string): string[] {
  expect(cmd, `quoting in a doc command: ${cmd}`).not.toMatch(/["'`\\$]/);
  return cmd.trim().split(/\s+/);
}

/** The commands of a shell block: comments dropped, `;` and `&&` split. */
function shellCommands(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l && !l.startsWith('#'))
    .flatMap(splitTopLevel)
    .filter(Boolean);
}

/** "a && (cd b && c); d" → ["a", "(cd b && c)", "d"]: splits on ; and && outside parentheses. */
function splitTopLevel(line: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    const sep = depth === 0 && (ch === ';' ? 1 : line.startsWith('&&', i) ? 2 : 0);
    if (sep) {
      parts.push(cur.trim());
      cur = '';
      i += sep - 1;
    } else cur += ch;
  }
  parts.push(cur.trim());
  return parts;
}

const io = () => {
  let out = '';
  let err = '';
  return { io: { out: (s: string) => void (out += s), err: (s: string) => void (err += s) }, text: () => ({ out, err }) };
};

async function parseOnly(args: string[]): Promise<void> {
  const { io: sink } = io();
  const program = await buildProgram(sink as never, [args[0]]);
  for (const c of program.commands) c.action(() => {});
  await program.parseAsync(args, { from: 'user' });
}

describe('every code block in README.md and docs/ runs as written', () => {
  it('finds the blocks', () => {
    expect(BLOCKS.length).toBeGreaterThan(15);
    for (const n of NOT_RUN) expect(BLOCKS.some((b) => b.file === n.file && b.text.startsWith(n.starts)), `${n.file}: ${n.starts}`).toBe(true);
  });

  for (const b of BLOCKS) {
    const name = `${b.file}:${b.line} (${b.lang || 'text'})`;
    const skip = NOT_RUN.find((n) => n.file === b.file && b.text.startsWith(n.starts));
    if (skip) continue;
    if (b.runBy) {
      it(`${name} is run by ${b.runBy}`, () => {
        const by = join(PACKAGE_ROOT, b.runBy!);
        expect(existsSync(by), b.runBy).toBe(true);
        const src = readFileSync(by, 'utf8');
        expect(/README|docs\//.test(src) && /marker|example|block/.test(src), `${b.runBy} does not read a doc block`).toBe(true);
      });
      continue;
    }
    if (b.lang === 'js' || b.lang === 'ts') {
      it(`${name} runs`, () => {
        const dir = mkdtempSync(join(PACKAGE_ROOT, '.readme-example-'));
        try {
          const code = b.lang === 'ts' ? ts.transpileModule(b.text, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText : b.text;
          const file = join(dir, 'block.mjs');
          writeFileSync(file, code);
          execFileSync(process.execPath, [file], { encoding: 'utf8', cwd: dir, stdio: 'pipe', timeout: 120_000 });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
      continue;
    }
    if (b.lang === 'sh' || b.lang === 'bash') {
      it(`${name}: every command runs or parses`, async () => {
        const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'));
        for (const cmd of shellCommands(b.text)) {
          const o1 = /^(?:npx )?o1 (.*)$/.exec(cmd);
          if (!o1) {
            const known = OTHER_COMMANDS.find((k) => k.pattern.test(cmd));
            expect(known, `${name}: '${cmd}' is neither an o1 command nor a known project command`).toBeDefined();
            const script = /^npm run (\S+)$/.exec(cmd)?.[1];
            if (script) expect(pkg.scripts[script], `npm run ${script}`).toBeDefined();
            continue;
          }
          const args = words(o1[1]);
          await expect(parseOnly(args), `o1 ${args.join(' ')}`).resolves.toBeUndefined();
          if (!RUN_FOR_REAL.has(args[0])) continue;
          const dir = mkdtempSync(join(tmpdir(), 'o1-doc-'));
          symlinkSync(join(PACKAGE_ROOT, 'examples'), join(dir, 'examples'));
          const here = process.cwd();
          const sink = io();
          process.chdir(dir);
          try {
            const code = await main(args, sink.io as never);
            expect(code, `o1 ${args.join(' ')}: ${sink.text().err}`).toBe(0);
          } finally {
            process.chdir(here);
            rmSync(dir, { recursive: true, force: true });
          }
        }
      }, 180_000);
      continue;
    }
    if (b.lang === 'python') {
      it(`${name} is a fragment of the block python/tests/test_readme.py runs`, () => {
        // python/README.md's one-liner is README's example's constructor line.
        const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
        const first = b.text.split('#')[0].trim();
        expect(readme).toContain(first);
      });
      continue;
    }
    it(`${name} has a runner`, () => {
      expect.fail(`${name}: a code block this test neither runs nor lists in NOT_RUN (language '${b.lang}')`);
    });
  }
});
