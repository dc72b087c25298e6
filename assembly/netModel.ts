// The o1 model of a kernel call, read once from the descriptor (memory.ts D_NET_*, D_HYPER,
// D_WINDOW, D_FEATURES, D_SCRATCH, D_TABLE): the one loader the o1 kernels share.
import {
  ptr, field, D_NET_PARAMS, D_NET_PARAMS32, D_NET_LAYERS, D_NET_ACTS, D_NET_DEPTH, D_HYPER, D_SCRATCH, D_TABLE, D_WINDOW,
  D_FEATURES,
} from './memory';

export let netParams: usize = 0;
/** f32 weights (the f32 paths), else 0. */
export let netParams32: usize = 0;
export let netLayers: usize = 0;
export let netActs: usize = 0;
export let netDepth: i32 = 0;
/** Widest non-input layer. */
export let netWidest: i32 = 0;
/** One hidden layer ([F, H, 1]): the fused forwards apply. */
export let oneHidden: bool = false;
export let hidden: i32 = 0;
export let hiddenAct: i32 = 0;
export let outputAct: i32 = 0;
/** The hyper-parameter block (src/engine/kernelParams.ts modelParams). */
export let hyper: usize = 0;
export let table: usize = 0;
export let scratch: usize = 0;
export let window: i32 = 0;
export let featureSet: i32 = 0;

export function loadNetModel(d: usize): void {
  netParams = ptr(d, D_NET_PARAMS);
  netParams32 = ptr(d, D_NET_PARAMS32);
  netLayers = ptr(d, D_NET_LAYERS);
  netActs = ptr(d, D_NET_ACTS);
  netDepth = field(d, D_NET_DEPTH);
  hyper = ptr(d, D_HYPER);
  table = ptr(d, D_TABLE);
  scratch = ptr(d, D_SCRATCH);
  window = field(d, D_WINDOW);
  featureSet = field(d, D_FEATURES);
  let widest = 1;
  for (let l = 1; l < netDepth; l++) widest = max(widest, load<i32>(netLayers + (<usize>l << 2)));
  netWidest = widest;
  oneHidden = netDepth == 3;
  if (oneHidden) {
    hidden = load<i32>(netLayers + 4);
    hiddenAct = load<i32>(netActs);
    outputAct = load<i32>(netActs + 4);
  }
}
