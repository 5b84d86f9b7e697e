import type { Sandbox } from '../sandbox/port';
import { loadExistingTextFile } from './existing-file';
import { displayPath, resolveWorkspacePath } from './paths';
import type { PermissionDescriptor } from './port';
import { unifiedDiff } from './unified-diff';

/**
 * The permission prompt for a change to `filePath`, shown as a diff against the file as it is now.
 * `change` gives the file's new text, or undefined when it cannot apply; then, and when the file is
 * new or cannot be read, the prompt is `fallback` (the run itself will report any problem).
 */
export async function describeFileChange(
  sandbox: Sandbox,
  filePath: string,
  fallback: PermissionDescriptor,
  change: (current: string) => string | undefined,
): Promise<PermissionDescriptor> {
  try {
    const path = await resolveWorkspacePath(sandbox, filePath);
    const shown = displayPath(sandbox.root, path);
    const existing = await loadExistingTextFile(sandbox, path, shown);
    if (!existing) return fallback;
    const next = change(existing.text);
    return next === undefined ? fallback : { ...fallback, detail: unifiedDiff(shown, existing.text, next), detailFormat: 'diff' };
  } catch {
    return fallback;
  }
}
