// The one floor on gaps f − f*: below it a run counts as solved. Training's fitness, the
// benchmark's statistics and the plots' log scales all floor at this value, so "solved" means
// the same everywhere (log10(1e-12) = −12 is the best score and the bottom of every log axis).
export const GAP_FLOOR = 1e-12;
