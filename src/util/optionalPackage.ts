// What only the lab needs (the job queue's bullmq and ioredis, resvg for PNG files, the real-data
// suite's vega-datasets) is an optional peer dependency: `npm install o1` for the optimizer stays
// small and runs no install script. The code that needs one loads it lazily through here, so a
// missing package is one clear input error saying what to install, not a module-resolution trace.
import { InputError } from '../errors.js';

/** Runs `load` (a dynamic import of the module that needs `packages`); a missing one of them
 *  becomes an InputError naming `feature` and the npm command that adds them. */
export async function withOptionalPackages<T>(feature: string, packages: readonly string[], load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    const missing = missingPackage(e, packages);
    if (missing === undefined) throw e;
    throw new InputError(`${feature} needs the optional package${packages.length > 1 ? 's' : ''} ${packages.join(' and ')}, and ${missing} is not installed: npm install ${packages.join(' ')}`);
  }
}

/** Which of `packages` a failed import could not find, or undefined when it failed otherwise. */
export function missingPackage(e: unknown, packages: readonly string[]): string | undefined {
  const err = e as { code?: string; message?: string };
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' && err?.code !== 'MODULE_NOT_FOUND') return undefined;
  const message = err.message ?? '';
  return packages.find((p) => message.includes(`'${p}'`) || message.includes(`"${p}"`));
}
