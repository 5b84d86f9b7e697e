import { contentHash } from '../sandbox/content-hash';
import type { FileReadRecord } from './port';
import { ToolError } from './port';

/** Remembers what the agent has seen of a file, so Write and Edit can refuse to clobber unseen changes. */
export function recordRead(ledger: Map<string, FileReadRecord>, absolutePath: string, mtimeMs: number, text: string): void {
  ledger.set(absolutePath, { mtimeMs, contentHash: contentHash(text) });
}

/**
 * Throws unless the file was read in this session and has not changed since (neither its mtime
 * nor its content). `shownPath` is the path as tool messages show it.
 */
export function assertReadAndUnchanged(
  ledger: ReadonlyMap<string, FileReadRecord>,
  absolutePath: string,
  shownPath: string,
  current: { mtimeMs: number; text: string },
): void {
  const record = ledger.get(absolutePath);
  if (!record) {
    throw new ToolError(`Read the file first: ${shownPath} has not been read in this session. Use Read on it, then try again.`);
  }
  if (record.mtimeMs !== current.mtimeMs || record.contentHash !== contentHash(current.text)) {
    throw new ToolError(
      `${shownPath}: file changed since it was read; Read it again to see its current content, then retry.`,
    );
  }
}
