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

/** The database could not be opened at all. */
export function openProblem(error: unknown): string {
  return `Browser storage is unavailable (${reasonOf(error)}), so your settings and key are ${TAB_ONLY}.`;
}

/** A write failed; the value is still held in memory. */
export function writeProblem(error: unknown): string {
  if (isQuotaError(error)) return `Browser storage is full, so this change is ${TAB_ONLY}. Free some space for this site, then save again.`;
  return `Could not write to browser storage (${reasonOf(error)}), so this change is ${TAB_ONLY}.`;
}
