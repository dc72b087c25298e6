// "Did you mean …?" suggestions for mistyped names (test functions, optimizers, options).

/** Optimal-string-alignment distance: Levenshtein plus adjacent transpositions ("sdg" → "sgd"). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  // Three rolling rows: the transposition rule looks two rows back.
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/**
 * Candidates that `name` plausibly misspells, best first (at most `limit`). A candidate matches
 * when its edit distance is at most max(1, ⌊length/3⌋), or when one name is a prefix of the
 * other (at least 2 letters: "rosen" → "rosenbrock"). Comparison ignores case, '-' and '_'.
 */
export function closeMatches(name: string, candidates: readonly string[], limit = 3): string[] {
  const query = normalise(name);
  if (query.length === 0) return [];
  const scored: { candidate: string; score: number }[] = [];
  for (const candidate of candidates) {
    const c = normalise(candidate);
    const distance = editDistance(query, c);
    const isPrefix = Math.min(query.length, c.length) >= 2 && (c.startsWith(query) || query.startsWith(c));
    const threshold = Math.max(1, Math.floor(Math.max(query.length, c.length) / 3));
    // A prefix match ranks between an exact match and a one-letter typo.
    if (distance === 0) scored.push({ candidate, score: 0 });
    else if (isPrefix) scored.push({ candidate, score: 0.5 });
    else if (distance <= threshold) scored.push({ candidate, score: distance });
  }
  scored.sort((p, q) => p.score - q.score || (p.candidate < q.candidate ? -1 : p.candidate > q.candidate ? 1 : 0));
  return scored.slice(0, limit).map((s) => s.candidate);
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[-_\s]/g, '');
}
