// JSON nested thousands deep parses, but every recursive walk over it afterwards (validation,
// key sorting, printing) can overflow the stack. Input files are checked for depth first.

/** The deepest nesting of arrays/objects in JSON text (strings skipped), stopping once over `limit`. */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** Deeper than any o1 file needs (a model's provenance holds a training config: about 5 levels). */
export const MAX_JSON_DEPTH = 100;

/** A one-line problem when `text` nests deeper than MAX_JSON_DEPTH, else undefined. */
export function jsonDepthProblem(text: string, max = MAX_JSON_DEPTH): string | undefined {
  const d = jsonDepth(text, max);
  return d > max ? `JSON nested more than ${max} levels deep (no o1 file needs that many)` : undefined;
}
