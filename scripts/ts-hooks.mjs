// Node module hooks that let a build script import the project's TypeScript sources directly
// (Node 20 runs no TypeScript): a `./x.js` import that does not exist resolves to `./x.ts`, and
// .ts files are transpiled on load with the TypeScript compiler (types erased, no checking —
// `npm run build:ts` checks them). Registered by scripts that need the TS tables before tsc ran.
import { readFile } from 'node:fs/promises';
import ts from 'typescript';

export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (e) {
    const fromTs = context.parentURL?.endsWith('.ts');
    if (fromTs && specifier.endsWith('.js') && e?.code === 'ERR_MODULE_NOT_FOUND') {
      return next(specifier.slice(0, -3) + '.ts', context);
    }
    throw e;
  }
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const source = await readFile(new URL(url), 'utf8');
  const out = ts.transpileModule(source, {
    fileName: url,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
  });
  return { format: 'module', source: out.outputText, shortCircuit: true };
}
