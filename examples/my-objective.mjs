// An objective of your own for `o1 run`, `o1 bench` and `o1 train`:
//   npx o1 run --fn-module ./examples/my-objective.mjs --opt momentum --lr 0.01
//   npx o1 bench --fn-module ./examples/my-objective.mjs
//   npx o1 train --functions rosenbrock,./examples/my-objective.mjs
// Export f(x) and grad(x) (an array with one number per coordinate), and optionally dims,
// domain (where random starts are drawn), fmin (the minimum, for gaps) and name. Both must be
// synchronous and return within O1_MODULE_TIMEOUT seconds (default 30); what o1 checks, and how
// a training run on a module resumes: docs/MODULES.md.

export const name = 'tilted-valley';
export const dims = 2;
export const domain = [[-3, 3], [-3, 3]];
export const fmin = 0;

// A long, tilted valley: curvature 1 along it and 20 across it, minimum at (1, -0.5).
export function f([x, y]) {
  const u = x - 1;
  const v = y + 0.5;
  const along = (u + v) / Math.SQRT2;
  const across = (u - v) / Math.SQRT2;
  return 0.5 * along * along + 10 * across * across;
}

export function grad([x, y]) {
  const u = x - 1;
  const v = y + 0.5;
  const along = (u + v) / Math.SQRT2;
  const across = (u - v) / Math.SQRT2;
  // d/du and d/dv of 0.5·along² + 10·across², by the chain rule.
  return [(along + 20 * across) / Math.SQRT2, (along - 20 * across) / Math.SQRT2];
}
