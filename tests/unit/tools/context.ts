import { createOfflineSandbox } from '../../../src/sandbox/offline';
import type { Sandbox } from '../../../src/sandbox/port';
import type { ToolContext } from '../../../src/tools/port';

/** A fresh offline sandbox with the given files (paths relative to the workspace root). */
export async function sandboxWith(files: Record<string, string | Uint8Array> = {}): Promise<Sandbox> {
  const sandbox = await createOfflineSandbox();
  for (const [path, content] of Object.entries(files)) await sandbox.fs.write(`${sandbox.root}/${path}`, content);
  return sandbox;
}

/** A tool context over the sandbox, with its own ledger and a log of progress output. */
export function contextFor(sandbox: Sandbox, signal: AbortSignal = new AbortController().signal): ToolContext & { progress: string[] } {
  const progress: string[] = [];
  return { sandbox, signal, readLedger: new Map(), onProgress: (text) => progress.push(text), progress };
}

/** The text of a tool result (the tools here only return text). */
export function textOf(result: { content: string | Array<{ type: string; text?: string }> }): string {
  return typeof result.content === 'string' ? result.content : result.content.map((block) => block.text ?? '').join('');
}

/** Creates a symlink through the shell (the Sandbox port has no symlink call). */
export async function symlink(sandbox: Sandbox, target: string, linkPath: string): Promise<void> {
  const result = await sandbox.exec(`ln -s '${target}' '${linkPath}'`, { cwd: sandbox.root });
  if (result.exitCode !== 0) throw new Error(`ln -s failed: ${result.stderr}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
