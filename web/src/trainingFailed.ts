// A training that failed in the page (the demo's trainer, the network panel): the reason on the
// status line, in the error style, and data-KEY="failed" on <body>, which the e2e tests wait on.
export function showTrainingFailed(status: HTMLElement, e: unknown, key: 'training' | 'network'): void {
  status.textContent = `training failed: ${e instanceof Error ? e.message : String(e)}`;
  status.classList.add('error');
  document.body.dataset[key] = 'failed';
}
