/**
 * The offline sandbox's JavaScript runner: `node` on QuickJS (WebAssembly), isolated from the page.
 * Import this module freely: QuickJS and the runner load on the first run.
 */
import type { RunNodeOptions, RunNodeResult } from './types';

export { createNodeCommand, type NodeCommandOptions } from './node-command';
export { justBashWorkspaceFs } from './just-bash-fs';
export type { PreloadOptions, RunNodeOptions, RunNodeResult, WorkspaceEntryKind, WorkspaceFs } from './types';
export type { RunnerRun, RunnerTransport } from './runner-transport';
export { NODE_VERSION } from './limits';

/** Runs `node <argv>` (see run-node.ts); loads the runner on first use. */
export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
  const { runNode: run } = await import('./run-node');
  return run(options);
}
