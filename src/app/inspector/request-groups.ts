import type { InspectorEntry } from '../state/fold';

export interface NumberedEntry {
  entry: InspectorEntry;
  /** 1-based position in the order the requests were sent. */
  number: number;
}

export interface RequestGroup extends NumberedEntry {
  /** Requests of the sub-agents this request's tool round launched, in the order they were sent. */
  agents: NumberedEntry[];
}

/**
 * The inspector's list: the session's own requests newest first, each with the requests of the
 * sub-agents launched after it (by its tool calls) listed under it.
 */
export function groupRequests(requests: readonly InspectorEntry[]): RequestGroup[] {
  const groups: RequestGroup[] = [];
  requests.forEach((entry, i) => {
    const numbered = { entry, number: i + 1 };
    const parent = groups[groups.length - 1];
    if (entry.agent !== undefined && parent !== undefined) parent.agents.push(numbered);
    else groups.push({ ...numbered, agents: [] });
  });
  return groups.reverse();
}
