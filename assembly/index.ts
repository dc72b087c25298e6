// WASM kernels entry point. Kernels arrive with the WASM issue; this file wires the build.
export function abiVersion(): i32 {
  return 1;
}
