import type { PermissionDecision } from '../../agent/events';

/**
 * The decision a Deny button sends. The typed reason (trimmed, omitted when empty) goes
 * back to the model; `stop` also ends the run (stop reason `permission_denied_stop`).
 */
export function denyDecision(reason: string, stop: boolean): PermissionDecision {
  const text = reason.trim();
  return { kind: 'deny', ...(text === '' ? {} : { reason: text }), ...(stop ? { stop: true } : {}) };
}
