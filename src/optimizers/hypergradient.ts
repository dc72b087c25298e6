// The hypergradient step on the learning rate (Baydin et al., ICLR 2018), shared by sgd-hd and
// adam-hd: with u_{t−1} = −α·d_{t−1} the previous update, ∂f(x_t)/∂α = −g_t·d_{t−1}, so
// α_t = α_{t−1} + β·(g_t·d_{t−1}). At the first step (t = 0) there is no previous direction: α stays.

/** α for step t from α_{t−1}, β, this step's gradient and the previous step's direction. */
export function hypergradientAlpha(alpha: number, beta: number, t: number, g: Float64Array, prevDir: Float64Array, n: number): number {
  if (!(t > 0)) return alpha;
  let dot = 0;
  for (let i = 0; i < n; i++) dot += g[i] * prevDir[i];
  return alpha + beta * dot;
}
