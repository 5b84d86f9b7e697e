/** Plain words for what went wrong with browser storage, and what it means for the user. */

const TAB_ONLY = 'kept only until this tab closes';

function nameOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string' ? error.name : '';
}

function reasonOf(error: unknown): string {
  // The name and a message from the browser: neither ever holds the stored value.
  const message = error instanceof Error ? error.message : String(error);
  return message.trim() || nameOf(error) || 'unknown error';
}

export function isQuotaError(error: unknown): boolean {
  const name = nameOf(error);
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

/**
 * The database was written by a newer version of Glassbox (IndexedDB refuses to open it at an
 * older version, so it is never downgraded): it stays as it is and this page works in memory.
 */
export function isNewerVersionError(error: unknown): boolean {
  return nameOf(error) === 'VersionError';
}

const NEWER = 'Your saved work was written by a newer version of Glassbox, so this older page leaves it untouched';

/** The database could not be opened at all. */
export function openProblem(error: unknown): string {
  if (isNewerVersionError(error)) return `${NEWER}: settings and keys changed here are ${TAB_ONLY}. Reload to get the newer version.`;
  return `Browser storage is unavailable (${reasonOf(error)}), so your settings and key are ${TAB_ONLY}.`;
}

/** A write failed; the value is still held in memory. */
export function writeProblem(error: unknown): string {
  if (isQuotaError(error)) return `Browser storage is full, so this change is ${TAB_ONLY}. Free some space for this site, then save again.`;
  return `Could not write to browser storage (${reasonOf(error)}), so this change is ${TAB_ONLY}.`;
}

// The workspace and the conversation: the live copy is the sandbox and the session, so a failed
// save loses nothing in this tab; the messages say what a reload would lose and what to do.
const FROM_NOW_ON = 'changes from now on are kept only in this tab';

/** Saving the workspace or the conversation failed. */
export function workspaceWriteProblem(error: unknown): string {
  if (isQuotaError(error)) return `Your browser's storage is full: ${FROM_NOW_ON}. Free space or download the workspace.`;
  return `Could not save to browser storage (${reasonOf(error)}): ${FROM_NOW_ON}. Download the workspace to keep a copy.`;
}

/** Files over the size kept per file in browser storage; every other file is saved. */
export function fileTooBigProblem(paths: readonly string[], capBytes: number): string {
  const mb = Math.round(capBytes / (1024 * 1024));
  const named = paths.length === 1 ? `${paths[0]} is` : `${paths.length} files (${paths.slice(0, 3).join(', ')}${paths.length > 3 ? ', …' : ''}) are`;
  return `${named} larger than ${mb} MB, more than this page keeps of one file in browser storage: the other files are saved, but changes to ${paths.length === 1 ? 'it' : 'them'} are kept only in this tab. Download the workspace to keep a copy.`;
}

/** The database could not be opened, so nothing is saved and nothing was restored. */
export function workspaceOpenProblem(error: unknown): string {
  if (isNewerVersionError(error)) return `${NEWER}: your files and conversation here are kept only in this tab. Reload to get the newer version, or download the workspace to keep a copy.`;
  return `Browser storage is unavailable (${reasonOf(error)}): your files and conversation are kept only in this tab. Download the workspace to keep a copy.`;
}

/** What was saved could not be read back or put into the sandbox; it is kept, not overwritten. */
export function workspaceRestoreProblem(error: unknown): string {
  return `Your saved workspace could not be restored (${reasonOf(error)}). It stays in browser storage and this tab does not save over it: ${FROM_NOW_ON}. Reload to try again, or use Reset workspace to start over.`;
}

// Another tab of this page owns the saved workspace (see ./tab-ownership.ts): this tab works on
// in memory and saves nothing, so it cannot overwrite that tab's work.

/** This tab opened while another one owned the saved workspace. */
export function otherTabProblem(): string {
  return 'Glassbox is open in another tab, so changes in this tab are not being saved.';
}

/** This tab handed the saved workspace over to another tab. */
export function movedToOtherTabProblem(): string {
  return 'The workspace moved to another tab, so changes in this tab are not being saved.';
}
