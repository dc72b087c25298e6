// Training an o1 network in the page: the same generation loop (train()), strategies and
// evaluateAgents as `o1 train`, with the agents of each generation split across Web Workers in
// contiguous slices put back in order (as src/train/pool.ts does with threads), so the model is
// the same for any worker count — and the same as `o1 train` with these settings.
import type { Evaluator } from '../../src/train/pool.js';
import type { EvalJob } from '../../src/train/evaluate.js';
import { sliceJob, slices } from '../../src/train/slices.js';
import { DEFAULT_TRAIN_CONFIG, makeTrainConfig, type TrainConfig } from '../../src/train/config.js';
import { type GenerationRecord, initialCheckpoint, train } from '../../src/train/train.js';
import type { O1Model } from '../../src/o1/o1.js';

export interface PageTrainSettings {
  generations: number;
  population: number;
  starts: number;
  steps: number;
  functions: string[];
  seed: number;
  strategy: string;
}

export const DEFAULT_PAGE_TRAINING: PageTrainSettings = {
  generations: 25,
  population: 16,
  starts: 8,
  steps: 150,
  functions: ['rosenbrock', 'rastrigin', 'himmelblau'],
  seed: 1,
  // The CLI's default strategy (o1 train without --strategy), so a page-trained model's fitness
  // means what `o1 train`'s does (issue 24 item 9).
  strategy: DEFAULT_TRAIN_CONFIG.strategy,
};


export class WorkerEvaluator implements Evaluator {
  private pool: Worker[] = [];
  private next = 0;
  private waiting = new Map<number, { resolve(v: number[][]): void; reject(e: Error): void }>();

  constructor(readonly workers: number) {
    for (let w = 0; w < workers; w++) {
      const worker = new Worker(new URL('./trainWorker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (e: MessageEvent<{ id: number; scores?: number[][]; error?: string }>) => {
        const p = this.waiting.get(e.data.id);
        this.waiting.delete(e.data.id);
        if (e.data.error !== undefined) p?.reject(new Error(e.data.error));
        else p?.resolve(e.data.scores!);
      };
      this.pool.push(worker);
    }
  }

  private run(worker: Worker, job: EvalJob): Promise<number[][]> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, job });
    });
  }

  async evaluate(job: EvalJob): Promise<number[][]> {
    const parts = await Promise.all(slices(job.agents.length, this.workers).map((s, w) => this.run(this.pool[w], sliceJob(job, s))));
    return parts.flat();
  }

  async close(): Promise<void> {
    for (const w of this.pool) w.terminate();
    for (const p of this.waiting.values()) p.reject(new Error('training stopped'));
    this.waiting.clear();
  }
}

export function pageTrainConfig(s: PageTrainSettings, engine: 'wasm' | 'ts'): TrainConfig {
  return makeTrainConfig({ ...s, engine, checkpointEvery: s.generations }, 'training settings');
}

export interface TrainProgress {
  history: GenerationRecord[];
  runStepsPerSec: number;
}

/** Runs a whole training in workers; resolves with the trained model (or the best so far when
 *  stopped). */
export async function trainInPage(
  cfg: TrainConfig,
  workers: number,
  onProgress: (p: TrainProgress) => void,
  stopRequested: () => boolean,
): Promise<{ model: O1Model; completed: boolean; history: GenerationRecord[] }> {
  const evaluator = new WorkerEvaluator(workers);
  try {
    const history: GenerationRecord[] = [];
    const result = await train(initialCheckpoint(cfg), evaluator, {
      stopRequested,
      onGeneration: ({ record, runSteps, seconds }) => {
        history.push(record);
        onProgress({ history: [...history], runStepsPerSec: runSteps / seconds });
      },
    });
    const last = result.history[result.history.length - 1];
    const model: O1Model = {
      ...result.model,
      name: `web-seed${cfg.seed}`,
      provenance: {
        command: 'trained in the o1 web demo',
        trainConfig: cfg,
        strategy: cfg.strategy,
        seed: cfg.seed,
        engine: cfg.engine,
        generations: result.history.length,
        fitness: { validation: last?.validation, lastGenerationBest: last?.best },
      },
    };
    return { model, completed: result.completed, history: result.history };
  } finally {
    await evaluator.close();
  }
}
