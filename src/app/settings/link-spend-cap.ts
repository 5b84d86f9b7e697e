/**
 * The spend cap a teacher puts in a workshop link (`?cap=0.50`): it caps what runs on the learner's
 * own key may spend in this tab session. It is kept in sessionStorage, so a reload keeps it and
 * closing the tab ends it; a later link can lower it, never raise it, and the learner's own spend
 * cap in Model settings applies only below it. Plain TypeScript: Node tests read it without storage.
 */
export const LINK_CAP_KEY = 'glassbox.workshopSpendCap';

/** A cap above this is surely a typo (a workshop is not a thousand-dollar run). */
export const MAX_LINK_CAP_USD = 1000;

export type LinkCapParse = { usd: number } | { problem: string };

/** `?cap=` as written: an amount in US dollars above 0 (`0.50`, `$2`). */
export function parseLinkCap(text: string): LinkCapParse {
  const written = text.trim();
  const match = /^\$?(\d+(?:\.\d+)?|\.\d+)$/.exec(written);
  const usd = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  if (!Number.isFinite(usd) || usd <= 0 || usd > MAX_LINK_CAP_USD) {
    return {
      problem: `The link's spend cap "${written.slice(0, 40)}" is not an amount in US dollars between $0.01 and $${MAX_LINK_CAP_USD} (for example cap=0.50), so it is ignored.`,
    };
  }
  return { usd };
}

/** "$0.50", "$2.00": a cap is shown in cents (below a cent, as written). */
export function capWords(usd: number): string {
  return usd >= 0.01 ? `$${usd.toFixed(2)}` : `$${String(usd)}`;
}

export function capNotice(usd: number): string {
  return `This workshop caps spending at ${capWords(usd)}`;
}

/** The link's cap for this tab session, if one was set. */
export function linkCapUsd(storage: Pick<Storage, 'getItem'> | undefined = sessionStore()): number | undefined {
  const saved = storage?.getItem(LINK_CAP_KEY);
  if (saved === null || saved === undefined) return undefined;
  const parsed = parseLinkCap(saved);
  return 'usd' in parsed ? parsed.usd : undefined;
}

/** Keep a link's cap for this tab session: the lower of it and any cap already kept. Returns the cap in force. */
export function rememberLinkCap(usd: number, storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = sessionStore()): number {
  const kept = linkCapUsd(storage);
  const cap = kept === undefined ? usd : Math.min(kept, usd);
  try {
    storage?.setItem(LINK_CAP_KEY, String(cap));
  } catch {
    // Storage refused (private mode quota): the cap still holds for this page.
  }
  return cap;
}

/** The session's cap in dollars: the learner's own, never above the link's. */
export function cappedSpend(own: number | undefined, link: number | undefined): number | undefined {
  if (link === undefined) return own;
  return own === undefined ? link : Math.min(own, link);
}

function sessionStore(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined;
  }
}
