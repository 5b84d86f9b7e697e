/**
 * Hooks, configured exactly as in Claude Code's `settings.json`, read from the same workspace
 * files as the permission rules (./workspace-settings.ts):
 *
 *   {"hooks": {"PreToolUse": [{"matcher": "Bash|Write", "hooks": [{"type": "command", "command": "…", "timeout": 30}]}]}}
 *
 * A file's hooks that have the wrong shape are reported with their problem (and shown in the
 * Hooks view); the well-formed entries of the same file stay in force.
 */

/** The events a hook can listen to, in the order the Hooks view lists them. */
export const HOOK_EVENTS = ['PreToolUse', 'PostToolUse', 'UserPromptSubmit', 'Stop', 'SubagentStop', 'SessionStart', 'PreCompact'] as const;
export type HookEventName = (typeof HOOK_EVENTS)[number];

/** Claude Code's default: a hook may run for 60 seconds. */
export const DEFAULT_HOOK_TIMEOUT_SECONDS = 60;

/** One hook command in force. */
export interface ConfiguredHook {
  /** Stable within a load: `file#event#entry#hook`. */
  id: string;
  event: HookEventName;
  /** As written ('' when absent: matches everything). */
  matcher: string;
  command: string;
  timeoutSeconds: number;
  /** The settings file it came from, relative to the workspace root. */
  file: string;
}

/** A settings file's hooks as read: those in force, and what was wrong with the rest. */
export interface HookFile {
  path: string;
  hooks: ConfiguredHook[];
  problems: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function isHookEvent(name: string): name is HookEventName {
  return (HOOK_EVENTS as readonly string[]).includes(name);
}

/** The hooks of one settings.json text (relative path `file`), with the problems of what was left out. */
export function parseSettingsHooks(text: string, file: string): HookFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { path: file, hooks: [], problems: [`is not valid JSON (${error instanceof Error ? error.message : String(error)}); none of its hooks run until it is fixed`] };
  }
  if (!isRecord(json)) return { path: file, hooks: [], problems: ['is not a JSON object; none of its hooks run until it is fixed'] };
  const section = json.hooks;
  if (section === undefined) return { path: file, hooks: [], problems: [] };
  if (!isRecord(section)) return { path: file, hooks: [], problems: ['"hooks" is not an object of events; none of its hooks run until it is fixed'] };
  const hooks: ConfiguredHook[] = [];
  const problems: string[] = [];
  for (const [event, entries] of Object.entries(section)) {
    if (!isHookEvent(event)) {
      problems.push(`"hooks.${event}" is not a hook event (known: ${HOOK_EVENTS.join(', ')})`);
      continue;
    }
    if (!Array.isArray(entries)) {
      problems.push(`"hooks.${event}" is not a list of {matcher, hooks} entries`);
      continue;
    }
    entries.forEach((entry: unknown, entryIndex) => {
      const where = `hooks.${event}[${entryIndex}]`;
      if (!isRecord(entry)) {
        problems.push(`"${where}" is not an object with "matcher" and "hooks"`);
        return;
      }
      const matcher = entry.matcher ?? '';
      if (typeof matcher !== 'string') {
        problems.push(`"${where}.matcher" is not a string`);
        return;
      }
      const matcherProblem = checkMatcher(matcher);
      if (matcherProblem !== undefined) {
        problems.push(`"${where}.matcher" ${matcherProblem}`);
        return;
      }
      if (!Array.isArray(entry.hooks)) {
        problems.push(`"${where}.hooks" is not a list of {"type": "command", "command": …} hooks`);
        return;
      }
      entry.hooks.forEach((hook: unknown, hookIndex) => {
        const at = `${where}.hooks[${hookIndex}]`;
        if (!isRecord(hook)) return void problems.push(`"${at}" is not an object`);
        if (hook.type !== 'command') return void problems.push(`"${at}.type" must be "command"`);
        if (typeof hook.command !== 'string' || hook.command.trim() === '') return void problems.push(`"${at}.command" must be a non-empty string`);
        const timeout = hook.timeout ?? DEFAULT_HOOK_TIMEOUT_SECONDS;
        if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) return void problems.push(`"${at}.timeout" must be a positive number of seconds`);
        hooks.push({ id: `${file}#${event}#${entryIndex}#${hookIndex}`, event, matcher, command: hook.command, timeoutSeconds: timeout, file });
      });
    });
  }
  return { path: file, hooks, problems };
}

/** Why a matcher cannot be used, or undefined when it can. */
function checkMatcher(matcher: string): string | undefined {
  if (matchesAll(matcher)) return undefined;
  try {
    new RegExp(`^(?:${matcher})$`);
    return undefined;
  } catch (error) {
    return `is not a valid pattern (${error instanceof Error ? error.message : String(error)})`;
  }
}

function matchesAll(matcher: string): boolean {
  const trimmed = matcher.trim();
  return trimmed === '' || trimmed === '*';
}

/**
 * Claude Code's matcher: '' or '*' match everything; otherwise the whole name must match the
 * pattern, so `Write` is that tool only, `Edit|Write` either, `Notebook.*` a family.
 */
export function hookMatches(matcher: string, target: string | undefined): boolean {
  if (matchesAll(matcher)) return true;
  if (target === undefined) return true; // events without a match target (Stop, UserPromptSubmit…) ignore the matcher
  try {
    return new RegExp(`^(?:${matcher})$`).test(target);
  } catch {
    return false;
  }
}
