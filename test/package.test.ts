// What `npm pack` ships (issue 13, item 6): nothing a user made, no source map pointing at a
// file that is not in the package, the README's images, a LICENSE, and no lifecycle script that
// would run (or be listed for approval) when a project installs the tarball.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';
import { type Packed, packTarball } from './helpers/pack.js';

let root = '';
let packed: Packed;
let unpacked = '';
let shipped: Set<string>;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'o1-pack-'));
  packed = packTarball(root);
  shipped = new Set(packed.files);
  unpacked = join(root, 'unpacked');
  mkdirSync(unpacked);
  execFileSync('tar', ['-xzf', packed.tarball, '-C', unpacked, '--strip-components=1']);
}, 120_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const text = (path: string) => readFileSync(join(unpacked, path), 'utf8');
const checkoutJson = () => JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as Record<string, any>;

describe('npm pack', () => {
  it('ships an MIT LICENSE that matches package.json', () => {
    expect(shipped.has('LICENSE')).toBe(true);
    const license = text('LICENSE');
    expect(license).toMatch(/^MIT License\n/);
    expect(license).toMatch(/Copyright \(c\) 2026 the o1 authors/);
    expect(JSON.parse(text('package.json')).license).toBe('MIT');
  });

  it('ships every image the README shows', () => {
    const readme = text('README.md');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)|<img[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
    expect(images.length).toBeGreaterThan(0);
    for (const src of images) {
      if (/^[a-z]+:/i.test(src)) continue; // an absolute URL needs nothing in the package
      expect(shipped, `README image ${src}`).toContain(posix.normalize(src));
    }
  });

  it('ships exactly the models it lists by name, so a model a user saves in models/ never ships', () => {
    const listed = (checkoutJson().files as string[]).filter((f) => f.startsWith('models'));
    // explicit files only: a directory or a glob would take in whatever is in models/ at pack time
    for (const entry of listed) expect(entry, `files entry ${entry}`).toMatch(/^models\/[\w.-]+\.(json|txt)$/);
    const models = packed.files.filter((f) => f.startsWith('models/')).sort();
    expect(models).toEqual([...listed].sort());
    // and they are the committed ones (CI checks out a git clone)
    const tracked = execFileSync('git', ['ls-files', 'models'], { cwd: PACKAGE_ROOT, encoding: 'utf8' }).trim().split('\n').sort();
    expect(models).toEqual(tracked);
  });

  it('ships no source map, and no shipped file points at one', () => {
    // The decision: dist/ is built without source maps (tsconfig sourceMap: false, no
    // declarationMap), because a map is only useful with the .ts sources it names, and src/
    // does not ship. This checks the general rule, so shipping maps *with* their sources
    // would pass too.
    for (const file of packed.files) {
      if (file.endsWith('.map')) {
        const map = JSON.parse(text(file)) as { sources: string[]; sourceRoot?: string };
        for (const source of map.sources) {
          const target = posix.normalize(posix.join(posix.dirname(file), map.sourceRoot ?? '', source));
          expect(shipped, `${file} → ${source}`).toContain(target);
        }
      }
      if (/\.(m?js|d\.ts|css)$/.test(file)) {
        const url = /[#@] sourceMappingURL=(\S+)/.exec(text(file))?.[1];
        if (url && !url.startsWith('data:')) expect(shipped, `${file} → ${url}`).toContain(posix.normalize(posix.join(posix.dirname(file), url)));
      }
    }
    expect(packed.files.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('ships the library and the kernels, not bench or test builds', () => {
    for (const needed of ['bin/o1.js', 'dist/src/index.js', 'dist/src/tfjs/index.js', 'build/o1.wasm', 'build/o1-scalar.wasm', 'web/dist/index.html'])
      expect(shipped, needed).toContain(needed);
    expect(packed.files.filter((f) => /^dist\//.test(f) && !f.startsWith('dist/src/'))).toEqual([]);
    expect(packed.files.filter((f) => f.startsWith('build/bench/'))).toEqual([]);
  });

  it('the packed package.json has no script that runs when a project installs it', () => {
    // npm runs preinstall/install/postinstall (and prepare for a tarball, a git or a directory
    // dependency) in an installed package, and npm ≥ 11.16 lists each of them for approval;
    // a binding.gyp would make npm run `node-gyp rebuild` as its install script.
    const scripts = (JSON.parse(text('package.json')).scripts ?? {}) as Record<string, string>;
    for (const event of ['preinstall', 'install', 'postinstall', 'preprepare', 'prepare', 'postprepare'])
      expect(scripts[event], `scripts.${event}`).toBeUndefined();
    expect(packed.files.some((f) => f === 'binding.gyp')).toBe(false);
    // The checkout still builds on `npm install` / `npm ci`: npm runs the `dependencies` script
    // only in the project being installed (the root), after node_modules changed — never in a
    // package installed as a dependency.
    expect(scripts.dependencies).toBe('npm run build');
  });

  it('states a decision for every dependency with an install script (npm lists the rest on every npm ci)', () => {
    // core-js's postinstall only prints a banner; msgpackr-extract's install compiles a native
    // MessagePack accelerator when no prebuilt binary fits (msgpackr, under bullmq, falls
    // back to JavaScript without it). Neither is needed, so both are denied.
    const lock = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const withScripts = Object.entries(lock.packages)
      .filter(([, p]) => p.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts.length).toBeGreaterThan(0);
    const allow = checkoutJson().allowScripts as Record<string, boolean>;
    for (const name of withScripts) expect(allow, `allowScripts has no entry for ${name}`).toHaveProperty([name]);
    expect(allow).toEqual({ 'core-js': false, 'msgpackr-extract': false });
  });
});

describe('the tarball unpacked', () => {
  it('has every file package.json names as an entry point', () => {
    const pkg = JSON.parse(text('package.json')) as { bin: Record<string, string>; main: string; types: string; exports: Record<string, any> };
    const targets = [...Object.values(pkg.bin), pkg.main, pkg.types];
    for (const entry of Object.values(pkg.exports)) if (typeof entry === 'object') targets.push(...(Object.values(entry) as string[]));
    else targets.push(entry);
    for (const t of targets) expect(shipped, t).toContain(posix.normalize(t));
  });
});
