import type { HookEventName } from './hook-config';

/**
 * - success: exit 0 (its JSON, if any, may still decide);
 * - blocked: exit 2, or JSON that denies / blocks;
 * - error: another exit code, or the command could not run (reported, never blocks);
 * - timeout: it ran past its timeout and was stopped (reported, never blocks).
 */
export type HookRunOutcome = 'success' | 'blocked' | 'error' | 'timeout';

/** One hook command run, as the chat, the inspector and the Hooks view show it. */
export interface HookRunRecord {
  event: HookEventName;
  command: string;
  /** The settings file that configured it. */
  file: string;
  matcher: string;
  /** The tool call it ran for (PreToolUse, PostToolUse). */
  callId?: string;
  toolName?: string;
  /** The JSON sent on stdin. */
  input: string;
  stdout: string;
  stderr: string;
  /** null when the command never finished (timeout, crash). */
  exitCode: number | null;
  durationMs: number;
  outcome: HookRunOutcome;
  /** What the hook decided, when it did: a permission decision or a block. */
  decision?: 'allow' | 'deny' | 'ask' | 'block' | 'stop';
  /** Its reason, or what went wrong, in words. */
  reason?: string;
  /** The hook replaced the tool's input. */
  updatedInput?: boolean;
}
