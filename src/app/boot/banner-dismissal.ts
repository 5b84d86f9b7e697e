/**
 * Remembers across reloads that the fallback banner was dismissed, and for which cause: the same
 * situation stays quiet, a different one (or WebContainer working again) shows the banner anew.
 * localStorage may be unavailable (private modes, blocked storage): then it is remembered only
 * for this page.
 */
const KEY = 'glassbox.fallback-banner.dismissed';

export function dismissedCause(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function rememberDismissal(cause: string): void {
  try {
    localStorage.setItem(KEY, cause);
  } catch {
    // Not persisted: the in-page state still hides the banner.
  }
}

export function forgetDismissal(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing was stored.
  }
}
