import type { FileStat, Sandbox } from '../sandbox/port';
import { isNotFound } from './fs-errors';
import { ToolError } from './port';
import { decodeTextFile } from './text-file';

export interface ExistingTextFile {
  stat: FileStat;
  text: string;
}

/**
 * Loads a file that Write or Edit is about to change: null when it does not exist; a ToolError
 * when it is a directory or binary (neither tool can safely rewrite those).
 */
export async function loadExistingTextFile(sandbox: Sandbox, path: string, shownPath: string): Promise<ExistingTextFile | null> {
  let stat;
  try {
    stat = await sandbox.fs.stat(path);
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
  if (stat.kind === 'directory') throw new ToolError(`${shownPath} is a directory, not a file.`);
  const text = decodeTextFile(await sandbox.fs.readBytes(path));
  if (text === null) throw new ToolError(`${shownPath} is a binary file; only text files can be changed.`);
  return { stat, text };
}
