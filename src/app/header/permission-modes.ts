import type { PermissionMode } from '../../agent/session-contract';

/** The permission modes with a label, a short hint (in the select) and a one-line explanation. */
export const PERMISSION_MODES: ReadonlyArray<{ mode: PermissionMode; label: string; hint: string; help: string }> = [
  { mode: 'default', label: 'Default', hint: 'ask before changes', help: 'Reads run; file edits and commands ask first.' },
  { mode: 'acceptEdits', label: 'Accept edits', hint: 'only commands ask', help: 'File edits run without asking; commands still ask.' },
  { mode: 'plan', label: 'Plan', hint: 'read-only', help: 'Read-only: the agent explores and plans but changes nothing.' },
  { mode: 'bypass', label: 'Bypass', hint: 'never ask', help: 'Nothing asks: every tool runs at once.' },
];
