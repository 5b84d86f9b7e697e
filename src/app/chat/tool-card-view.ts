/**
 * What a tool card shows, as a pure function of the folded ToolItem and the clock,
 * so the status line, the live progress and the duration are unit-tested in node.
 */
import type { DecidingRule } from '../../agent/events';
import type { ToolItem, ToolStatus } from '../state/fold';
import { formatDuration } from '../ui/format';

export const TOOL_STATUS_LABEL: Record<ToolStatus, string> = {
  queued: 'Queued',
  permission: 'Needs permission',
  running: 'Running',
  done: 'Done',
  error: 'Error',
  denied: 'Denied',
  cancelled: 'Cancelled',
};

/** Lines of live output kept under a running card (the rest is in the details). */
export const PROGRESS_TAIL_LINES = 12;

export interface ToolCardView {
  statusLabel: string;
  /** A live timer while running, the final duration once settled; null when nothing ran. */
  duration: string | null;
  /** Spoken/tooltip form of the duration, e.g. "Ran for 1.2 s". */
  durationLabel: string | null;
  /** True while the tool runs: the timer ticks. */
  live: boolean;
  /** The last lines of streamed output while the tool runs (e.g. Bash stdout), else null. */
  progressTail: string | null;
}

export function toolCardView(tool: ToolItem, now: number): ToolCardView {
  const live = tool.status === 'running' && tool.startedAt !== undefined;
  // A denied or never-run call has durationMs 0 from the loop: no duration is more honest.
  const ran = tool.durationMs !== undefined && tool.status !== 'denied' && tool.startedAt !== undefined;
  const ms = ran ? tool.durationMs : live && tool.startedAt !== undefined ? Math.max(0, now - tool.startedAt) : undefined;
  const duration = ms === undefined ? null : formatDuration(ms);
  const progressTail =
    tool.status === 'running' && tool.progress !== '' ? tool.progress.replace(/\n$/, '').split('\n').slice(-PROGRESS_TAIL_LINES).join('\n') : null;
  return {
    statusLabel: TOOL_STATUS_LABEL[tool.status],
    duration,
    durationLabel: duration === null ? null : live ? `Running for ${duration}` : `Ran for ${duration}`,
    live,
    progressTail,
  };
}

/** The line under a card saying who allowed or denied it, and whether the denial ended the run. */
export function decisionNoteOf(tool: Pick<ToolItem, 'decision' | 'automatic' | 'decidingRule'>): string | null {
  const d = tool.decision;
  if (!d) return null;
  const rule = tool.decidingRule;
  if (d.kind === 'deny') {
    if (rule !== undefined && tool.automatic) return `Denied by the rule ${rule.rule} (${RULE_SOURCE_LABEL[rule.source]})`;
    const who = d.reason ? `Denied: ${d.reason}` : tool.automatic ? 'Denied by the permission mode' : 'Denied by you';
    return d.stop === true ? `${who} — and you stopped the run` : who;
  }
  if (tool.automatic) return rule === undefined ? 'Allowed by the permission mode' : `Allowed by the rule ${rule.rule} (${RULE_SOURCE_LABEL[rule.source]})`;
  if (d.kind === 'allow_always') return `Always allowed: ${rulesWords(d.rules)} saved in your settings`;
  return d.kind === 'allow_session' ? 'Allowed for this session' : 'Allowed once';
}

const RULE_SOURCE_LABEL: Record<DecidingRule['source'], string> = { workspace: 'workspace settings', user: 'your settings', session: 'this session' };

function rulesWords(rules: readonly string[] | undefined): string {
  if (rules === undefined || rules.length === 0) return 'the rule';
  return rules.length === 1 ? rules[0]! : rules.join(', ');
}

/** Words that mark the line worth showing of a failed command: a failure, an error, a crash. */
const FAILING = /(\bfail(s|ed|ing|ure)?\b|error|\berr!|✗|✖|×|\bnot ok\b|exception|traceback|\bpanic|\bfatal\b|assert|\bcannot\b|\bcan't\b|not found|no such file|denied|timed out)/i;
/** …unless it is a count of none ("fail 0", "0 errors", "failures: 0"). */
const NONE = /(\b(fail(s|ed|ing|ures?)?|errors?)\b\s*[:=]?\s*0\b|\b0\s+(fail(ed|ing|ures?)?|errors?)\b)/i;
/** Lines shown from the end when no line says what failed. */
export const ERROR_TAIL_LINES = 3;

/**
 * The lines a collapsed card of a failed call shows: the first line that says what failed (a
 * failing test, an error), else the last lines (where a crash or the exit code usually is).
 * The first line is often a passing test, which says nothing about the failure.
 */
export function failureLines(output: string): string {
  const lines = output.split('\n').map((line) => line.trimEnd()).filter((line) => line.trim() !== '');
  const failing = lines.find((line) => FAILING.test(line) && !NONE.test(line));
  return failing ?? lines.slice(-ERROR_TAIL_LINES).join('\n');
}
