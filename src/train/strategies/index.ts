// The strategies by name: every front end (CLI, web demo) reads this table.
import type { Strategy } from './types.js';
import { mutateBest } from './mutateBest.js';
import { openAiEs } from './openaiEs.js';
import { cmaes } from './cmaes.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const STRATEGIES: readonly Strategy<any>[] = [mutateBest, openAiEs, cmaes];

export const strategyNames = () => STRATEGIES.map((s) => s.name);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function getStrategy(name: string): Strategy<any> | undefined {
  return STRATEGIES.find((s) => s.name === name);
}
