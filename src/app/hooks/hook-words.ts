import type { HookRunRecord } from '../../agent/hook-events';

/** A hook run's ending in a few words: "blocked (exit 2)", "timed out", "ok (exit 0)". */
export function hookOutcomeWords(run: Pick<HookRunRecord, 'outcome' | 'exitCode' | 'decision'>): string {
  const exit = run.exitCode === null ? '' : ` (exit ${run.exitCode})`;
  switch (run.outcome) {
    case 'blocked':
      return `${run.decision === 'deny' ? 'denied' : 'blocked'}${exit}`;
    case 'timeout':
      return 'timed out';
    case 'error':
      return run.exitCode === null ? 'failed to run' : `failed${exit}, not blocking`;
    case 'success':
      return run.decision === 'allow' ? `allowed${exit}` : run.decision === 'ask' ? `asks${exit}` : run.decision === 'stop' ? `stopped the run${exit}` : `ok${exit}`;
  }
}
