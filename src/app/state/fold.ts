/**
 * The pure fold from AgentEvents to what the UI shows: chat items, inspector
 * entries, token totals and run state. No Svelte, no DOM: unit-tested in node.
 *
 * The fold is immutable: `foldEvent(state, event)` returns a new state and new
 * objects only for the items that changed, so keyed `{#each}` blocks re-render
 * only what moved (a streaming text block, one tool card).
 */
import { UNFINISHED_RUN_DETAIL, type LoggedEvent } from '../../agent/event-log';
import type { AgentEvent, CompactionTrigger, DecidingRule, ModelResponse, PermissionDecision, ReplayDivergence, RequestEdit, StopReason, ToolCallInfo } from '../../agent/events';
import type { ToolResultBlock } from '../../models/messages';
import type { ModelError, ModelRequest, Usage } from '../../models/port';
import type { HttpRequestDescription } from '../../models/transport';
import { errorLine, repeatsError, retryLine } from './model-notices';
import type { PermissionDescriptor } from '../../tools/port';
import type { SystemPart } from '../../agent/system-prompt';
import type { HookRunRecord } from '../../agent/hook-events';
import type { UserInputRequest, UserInputResponse } from '../../tools/user-input';
import { todosFromCall, type TodoEntry } from './todos';

export type ToolStatus =
  /** Proposed by the model, not started yet (waiting for its turn or for the gate). */
  | 'queued'
  /** Waiting for the user to allow or deny. */
  | 'permission'
  | 'running'
  | 'done'
  | 'error'
  /** The user (or the mode) refused it. */
  | 'denied'
  /** The run ended before the tool produced a result. */
  | 'cancelled';

export interface UserItem {
  kind: 'user';
  id: string;
  text: string;
}

export interface TextItem {
  kind: 'text';
  id: string;
  turn: number;
  index: number;
  text: string;
  streaming: boolean;
}

export interface ThinkingItem {
  kind: 'thinking';
  id: string;
  turn: number;
  index: number;
  text: string;
  streaming: boolean;
}

export interface ToolItem {
  kind: 'tool';
  /** The tool call id (tool_use id). */
  id: string;
  turn: number;
  name: string;
  input: Record<string, unknown>;
  /** One line describing the input, e.g. the command or the file path. */
  summary: string;
  /** What the tool does (from the tool_call event); absent for an unknown tool. */
  category?: ToolCallInfo['category'];
  status: ToolStatus;
  /** The permission prompt, when the gate asked. */
  permission?: PermissionDescriptor;
  decision?: PermissionDecision;
  /** True when the decision came from the mode or a remembered rule, not from a click. */
  automatic?: boolean;
  /** The permission rule behind an automatic decision. */
  decidingRule?: DecidingRule;
  /** Progress text accumulated while running (e.g. streamed shell output). */
  progress: string;
  output?: string;
  isError: boolean;
  durationMs?: number;
  /** Wall-clock time the call started running (ms since epoch, from tool_start), for a live timer. */
  startedAt?: number;
  /** The hooks that ran for this call (PreToolUse, PostToolUse), in order. */
  hooks?: readonly HookRunRecord[];
  /** What the tool asked the user (a plan, questions) and, once given, the answer. */
  userInput?: { request: UserInputRequest; response?: UserInputResponse };
  /** The sub-agent an Agent call launched: its run, folded like the session's own (./subagent-fold.ts). */
  subagent?: SubagentView;
  /** The user edited the result in step mode before the model saw it (`output` is what it saw). */
  editedInStep?: boolean;
}

/** A hook run that belongs to no tool call (UserPromptSubmit, Stop, SessionStart…). */
export interface HookItem {
  kind: 'hook';
  id: string;
  run: HookRunRecord;
}

export interface NoticeItem {
  kind: 'notice';
  id: string;
  level: 'error' | 'warning' | 'info';
  text: string;
  /** A button the notice offers, e.g. to open Model settings. */
  action?: 'open_model_settings';
  /** A retry wait: the error, and when (ms since epoch) the next attempt starts, for a live countdown. */
  retry?: { error: ModelError; attempt: number; until: number; /** Tries this request gets in all, when known. */ of?: number };
  /** A replay's divergence from its recording: the step, the tool, expected and actual. */
  divergence?: ReplayDivergence;
}

export interface RunEndItem {
  kind: 'run_end';
  id: string;
  reason: StopReason;
  detail?: string;
  /** The reason in plain words, e.g. "Stopped: you interrupted the run". */
  text: string;
  durationMs?: number;
}

/** Where the conversation was compacted: the chat's divider, expandable to read the summary. */
export interface CompactionItem {
  kind: 'compaction';
  id: string;
  trigger: CompactionTrigger;
  tokensBefore: number;
  tokensAfter: number;
  summary: string;
  focus?: string;
}

export type ChatItem = UserItem | TextItem | ThinkingItem | ToolItem | NoticeItem | RunEndItem | CompactionItem | HookItem;

export interface InspectorEntry {
  id: string;
  /** 1-based run number in this conversation. */
  run: number;
  turn: number;
  request: ModelRequest;
  /** The system prompt as named parts (built-in, project instructions, memory), when the run sent them. */
  systemParts?: readonly SystemPart[];
  /** Usage the provider reported for this request, when it arrived. */
  usage?: Usage;
  /** What the request cost and what prompt caching saved on it, when the price is known. */
  costUsd?: number;
  savedUsd?: number;
  /** What came back, one per attempt (a retried request has several); the last is the answer. */
  responses: readonly ModelResponse[];
  at: number;
  /** The HTTP request as the provider client sends it (key header redacted); computed when shown. */
  describeHttp?: () => HttpRequestDescription;
  /** Set for a sub-agent's request: which agent sent it (listed under the parent request that launched it). */
  agent?: { id: string; label: string };
  /** The user edited this request in step mode; `request` is what was sent. */
  stepEdit?: RequestEdit;
}

export interface UsageTotals {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
}

export interface ViewState {
  /** Number of runs started in this conversation. */
  runs: number;
  runId: string | null;
  running: boolean;
  runStartedAt: number | null;
  items: readonly ChatItem[];
  requests: readonly InspectorEntry[];
  usage: UsageTotals;
  lastStop: { reason: StopReason; detail?: string } | null;
  /** Every hook run of the conversation, for the inspector. */
  hookRuns?: readonly HookRunRecord[];
  /** The agent's todo list, as its last accepted TodoWrite call left it (./todos.ts). */
  todos: readonly TodoEntry[];
}

export function initialView(): ViewState {
  return {
    runs: 0,
    runId: null,
    running: false,
    runStartedAt: null,
    items: [],
    requests: [],
    usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0 },
    lastStop: null,
    todos: [],
  };
}

const STOP_WORDS: Record<StopReason, string> = {
  completed: 'Done: the model finished its answer',
  interrupted: 'Stopped: you interrupted the run',
  max_turns: 'Stopped: the run reached its turn limit',
  model_error: 'Stopped: the model provider failed',
  max_tokens: 'Stopped: the model hit its output limit',
  refusal: 'Stopped: the model declined to answer',
  budget_exceeded: 'Stopped: the token budget ran out',
  permission_denied_stop: 'Stopped: you denied a tool call and chose to stop the run',
  spend_cap: 'Stopped: the session reached its spend cap',
  recording_exhausted: 'Stopped: the recording has no more answers',
  hook_stopped: 'Stopped by a hook',
  branched: 'Paused: left at a branch point',
};

/** A stop reason in plain words. */
export function describeStop(reason: StopReason): string {
  return STOP_WORDS[reason];
}

const SUMMARY_KEYS = ['command', 'file_path', 'pattern', 'path', 'url', 'query', 'description', 'prompt'];

/** Longest summary shown on a tool card's one line. */
const MAX_SUMMARY_CHARS = 90;

/** The tool's own summary of the call, on one line; a guess from the input for calls to unknown tools. */
export function callSummary(call: ToolCallInfo): string {
  return call.summary !== undefined ? oneLine(call.summary, MAX_SUMMARY_CHARS) : summarizeInput(call.input);
}

/** Whitespace runs (newlines too) become one space; too long ends in "…". */
function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Fallback: one line guessed from a tool input's usual keys (the command, the path, the pattern…). */
export function summarizeInput(input: Record<string, unknown>, max = MAX_SUMMARY_CHARS): string {
  let line = '';
  for (const key of SUMMARY_KEYS) {
    const value = input[key];
    if (typeof value === 'string' && value.trim() !== '') {
      line = value;
      if (key === 'pattern' && typeof input['path'] === 'string') line += ` in ${input['path']}`;
      break;
    }
  }
  if (line === '') {
    const first = Object.values(input).find((v) => typeof v === 'string' && v.trim() !== '');
    line = typeof first === 'string' ? first : Object.keys(input).length > 0 ? JSON.stringify(input) : '';
  }
  return oneLine(line, max);
}

/** The text of a tool result (images become a placeholder). */
export function resultText(result: ToolResultBlock): string {
  if (typeof result.content === 'string') return result.content;
  return result.content.map((block) => (block.type === 'text' ? block.text : `[image: ${block.source.media_type}]`)).join('\n');
}

/** The chat's line for a request edited in step mode (`number`: the inspector's number of the request). */
export function stepEditText(number: number, edit: RequestEdit): string {
  const parts = [edit.system ? 'system prompt' : '', edit.messages ? 'messages' : ''].filter((part) => part !== '');
  return `Request ${number} was edited in step mode${parts.length > 0 ? ` (${parts.join(' and ')})` : ''} before it was sent.`;
}

function runPrefix(state: ViewState): string {
  return state.runId ?? `run${state.runs}`;
}

function blockId(state: ViewState, turn: number, index: number): string {
  return `${runPrefix(state)}:t${turn}:b${index}`;
}

function replaceAt<T>(list: readonly T[], at: number, value: T): T[] {
  const copy = list.slice();
  copy[at] = value;
  return copy;
}

function findIndexFromEnd<T>(list: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) {
    const item = list[i];
    if (item !== undefined && predicate(item)) return i;
  }
  return -1;
}

function updateTool(state: ViewState, callId: string, change: (tool: ToolItem) => ToolItem): ViewState {
  const at = findIndexFromEnd(state.items, (item) => item.kind === 'tool' && item.id === callId);
  const tool = state.items[at];
  if (at < 0 || tool?.kind !== 'tool') return state;
  return { ...state, items: replaceAt(state.items, at, change(tool)) };
}

/** Append a delta to a streaming text/thinking block, creating it when it is new. */
function appendDelta(state: ViewState, kind: 'text' | 'thinking', turn: number, index: number, delta: string): ViewState {
  const id = blockId(state, turn, index);
  const at = findIndexFromEnd(state.items, (item) => item.id === id);
  const existing = state.items[at];
  if (at >= 0 && existing !== undefined && (existing.kind === 'text' || existing.kind === 'thinking')) {
    return { ...state, items: replaceAt(state.items, at, { ...existing, text: existing.text + delta, streaming: true }) };
  }
  const item: TextItem | ThinkingItem = { kind, id, turn, index, text: delta, streaming: true };
  return { ...state, items: [...state.items, item] };
}

/** Where a block that was never streamed goes: before later parts of the same turn of this run. */
function insertionPoint(state: ViewState, turn: number, index: number): number {
  const prefix = `${runPrefix(state)}:t${turn}:`;
  const runStart = Math.max(0, findIndexFromEnd(state.items, (item) => item.kind === 'user'));
  for (let i = runStart; i < state.items.length; i++) {
    const item = state.items[i];
    if (item === undefined) continue;
    if (item.kind === 'tool' && item.turn === turn) return i;
    if ((item.kind === 'text' || item.kind === 'thinking') && item.id.startsWith(prefix) && item.index > index) return i;
  }
  return state.items.length;
}

function finishAssistantMessage(state: ViewState, turn: number, event: Extract<AgentEvent, { type: 'assistant_message' }>): ViewState {
  let next = state;
  event.message.content.forEach((block, index) => {
    if (block.type !== 'text' && block.type !== 'thinking') return;
    const text = block.type === 'text' ? block.text : block.thinking;
    const id = blockId(next, turn, index);
    const at = findIndexFromEnd(next.items, (item) => item.id === id);
    const existing = next.items[at];
    if (at >= 0 && existing !== undefined && (existing.kind === 'text' || existing.kind === 'thinking')) {
      next = { ...next, items: replaceAt(next.items, at, { ...existing, text, streaming: false }) };
      return;
    }
    if (text === '') return;
    const item: TextItem | ThinkingItem = { kind: block.type, id, turn, index, text, streaming: false };
    const where = insertionPoint(next, turn, index);
    const items = next.items.slice();
    items.splice(where, 0, item);
    next = { ...next, items };
  });
  return next;
}

function endRun(state: ViewState, event: Extract<AgentEvent, { type: 'run_end' }>): ViewState {
  const items = closeSubagents(state.items, event.at).map((item): ChatItem => {
    if ((item.kind === 'text' || item.kind === 'thinking') && item.streaming) return { ...item, streaming: false };
    if (item.kind === 'tool' && (item.status === 'queued' || item.status === 'permission' || item.status === 'running')) {
      return { ...item, status: 'cancelled' };
    }
    return item;
  });
  // A detail that only repeats the error line just above it is not shown twice.
  const last = items[items.length - 1];
  const repeated = event.detail !== undefined && last?.kind === 'notice' && last.level === 'error' && repeatsError(event.detail, last.text);
  const end: RunEndItem = {
    kind: 'run_end',
    id: `${runPrefix(state)}:end`,
    reason: event.reason,
    // Closed on restore: nobody pressed Stop, the page went away (a reload, often during a retry).
    text: event.detail === UNFINISHED_RUN_DETAIL ? 'Stopped: the run was interrupted by a reload of the page' : describeStop(event.reason),
    ...(event.detail !== undefined && !repeated ? { detail: event.detail } : {}),
    ...(state.runStartedAt !== null ? { durationMs: Math.max(0, event.at - state.runStartedAt) } : {}),
  };
  return {
    ...state,
    running: false,
    items: [...items, end],
    lastStop: { reason: event.reason, ...(event.detail !== undefined ? { detail: event.detail } : {}) },
  };
}

function newTool(call: ToolCallInfo, turn: number): ToolItem {
  return {
    kind: 'tool',
    id: call.id,
    turn,
    name: call.name,
    input: call.input,
    summary: callSummary(call),
    ...(call.category !== undefined ? { category: call.category } : {}),
    status: 'queued',
    progress: '',
    isError: false,
  };
}

/**
 * Fold one event into the view. `now` stamps inspector entries (tests pass a fixed clock).
 * A card is `running` only between its tool_start and tool_result: no guessing, so
 * parallel read-only calls all show as running and a call waiting its turn stays queued.
 */
export function foldEvent(state: ViewState, event: AgentEvent, now: number = Date.now()): ViewState {
  switch (event.type) {
    case 'run_start': {
      const user: UserItem = { kind: 'user', id: `${event.runId}:user`, text: event.prompt };
      return {
        ...state,
        runs: state.runs + 1,
        runId: event.runId,
        running: true,
        runStartedAt: event.at,
        items: [...state.items, user],
      };
    }
    case 'run_resumed': {
      // The same prompt's work goes on (same run number for the inspector); the chat says where it picks up.
      const notice: NoticeItem = { kind: 'notice', id: `${event.runId}:resumed`, level: 'info', text: 'Resumed from the branch point.' };
      return { ...state, runId: event.runId, running: true, runStartedAt: event.at, items: [...state.items, notice] };
    }
    case 'turn_start':
      return state;
    case 'model_notice': {
      const notice: NoticeItem = { kind: 'notice', id: `${runPrefix(state)}:model-notice`, level: 'info', text: event.notice.text };
      if (event.notice.action) notice.action = event.notice.action;
      return { ...state, items: [...state.items, notice] };
    }
    case 'model_request': {
      const entry: InspectorEntry = {
        id: `${runPrefix(state)}:req${event.turn}:${state.requests.length}`,
        run: state.runs,
        turn: event.turn,
        request: event.request,
        ...(event.systemParts ? { systemParts: event.systemParts } : {}),
        ...(event.stepEdit ? { stepEdit: event.stepEdit } : {}),
        responses: [],
        at: now,
      };
      if (!event.stepEdit) return { ...state, requests: [...state.requests, entry] };
      // The chat says so too, where it happened, numbered as the inspector numbers it.
      const notice: NoticeItem = { kind: 'notice', id: `${entry.id}:step-edit`, level: 'info', text: stepEditText(state.requests.length + 1, event.stepEdit) };
      return { ...state, requests: [...state.requests, entry], items: [...state.items, notice] };
    }
    case 'model_response': {
      const at = findIndexFromEnd(state.requests, (entry) => entry.run === state.runs && entry.turn === event.turn);
      const entry = state.requests[at];
      if (at < 0 || entry === undefined) return state;
      return { ...state, requests: replaceAt(state.requests, at, { ...entry, responses: [...entry.responses, event.response] }) };
    }
    case 'text_delta':
      return appendDelta(state, 'text', event.turn, event.index, event.text);
    case 'thinking_delta':
      return appendDelta(state, 'thinking', event.turn, event.index, event.thinking);
    case 'assistant_message':
      return finishAssistantMessage(state, event.turn, event);
    case 'user_message':
      // The prompt shows from run_start, tool results on their cards: nothing new to show.
      return state;
    case 'tool_call': {
      const exists = state.items.some((item) => item.kind === 'tool' && item.id === event.call.id);
      if (exists) {
        const { input, category } = event.call;
        return updateTool(state, event.call.id, (tool) => ({ ...tool, input, summary: callSummary(event.call), ...(category !== undefined ? { category } : {}) }));
      }
      return { ...state, items: [...state.items, newTool(event.call, event.turn)] };
    }
    case 'permission_request':
      return updateTool(state, event.callId, (tool) => ({ ...tool, status: 'permission', permission: event.descriptor }));
    case 'permission_decision':
      // Allowed: back to queued until tool_start says it really runs (it follows at once).
      return updateTool(state, event.callId, (tool) => ({
        ...tool,
        decision: event.decision,
        automatic: event.automatic,
        ...(event.rule === undefined ? {} : { decidingRule: event.rule }),
        status: event.decision.kind === 'deny' ? 'denied' : 'queued',
      }));
    case 'tool_start':
      return updateTool(state, event.callId, (tool) => ({ ...tool, status: 'running', startedAt: event.at }));
    case 'tool_progress':
      return updateTool(state, event.callId, (tool) => ({ ...tool, progress: tool.progress + event.text }));
    case 'tool_result':
      return withTodosOf(updateTool(state, event.callId, (tool) => ({
        ...tool,
        status: tool.status === 'denied' ? 'denied' : event.result.is_error ? 'error' : 'done',
        isError: event.result.is_error === true,
        output: resultText(event.result),
        durationMs: event.durationMs,
        ...(event.editedInStep ? { editedInStep: true } : {}),
      })), event.callId, event.result.is_error === true);
    case 'usage': {
      const u = event.usage;
      const usage: UsageTotals = {
        inputTokens: state.usage.inputTokens + u.inputTokens,
        outputTokens: state.usage.outputTokens + u.outputTokens,
        cacheReadTokens: state.usage.cacheReadTokens + (u.cacheReadTokens ?? 0),
        cacheWriteTokens: state.usage.cacheWriteTokens + (u.cacheWriteTokens ?? 0),
        costUsd: state.usage.costUsd + (event.costUsd ?? 0),
      };
      const at = findIndexFromEnd(state.requests, (entry) => entry.run === state.runs && entry.turn === event.turn);
      const entry = state.requests[at];
      const priced = {
        ...(event.costUsd === undefined ? {} : { costUsd: (entry?.costUsd ?? 0) + event.costUsd }),
        ...(event.savedUsd === undefined ? {} : { savedUsd: (entry?.savedUsd ?? 0) + event.savedUsd }),
      };
      const requests = at >= 0 && entry !== undefined ? replaceAt(state.requests, at, { ...entry, usage: sumUsage(entry.usage, u), ...priced }) : state.requests;
      return { ...state, usage, requests };
    }
    case 'retry': {
      // The failed attempt's output never reached the transcript: drop what was streamed of it.
      const runStart = findIndexFromEnd(state.items, (item) => item.kind === 'user');
      const kept = state.items.filter((item, i) => i < runStart || !((item.kind === 'text' || item.kind === 'thinking') && item.streaming));
      // One card per request, updated in place attempt after attempt (not a new box each time).
      const id = `${runPrefix(state)}:retry-r${state.requests.length}`;
      const notice: NoticeItem = {
        kind: 'notice',
        id,
        level: 'warning',
        text: `${retryLine(event.error, Math.max(1, Math.ceil(event.delayMs / 1000)))} (attempt ${event.attempt}: ${event.error.message})`,
        retry: { error: event.error, attempt: event.attempt, until: now + event.delayMs, ...(event.maxAttempts === undefined ? {} : { of: event.maxAttempts }) },
      };
      const at = kept.findIndex((item) => item.id === id);
      return { ...state, items: at >= 0 ? [...kept.slice(0, at), ...kept.slice(at + 1), notice] : [...kept, notice] };
    }
    case 'error': {
      const notice: NoticeItem = {
        kind: 'notice',
        id: `${runPrefix(state)}:error${state.items.length}`,
        level: 'error',
        text: errorLine(event.error),
      };
      // The retries ran out: the retry card just above becomes the error, so the message shows once.
      const last = state.items[state.items.length - 1];
      if (last?.kind === 'notice' && last.retry !== undefined) return { ...state, items: replaceAt(state.items, state.items.length - 1, notice) };
      return { ...state, items: [...state.items, notice] };
    }
    case 'run_end':
      return endRun(state, event);
    case 'compaction': {
      const item: CompactionItem = {
        kind: 'compaction',
        id: `compaction${state.items.length}:${event.at}`,
        trigger: event.trigger,
        tokensBefore: event.tokensBefore,
        tokensAfter: event.tokensAfter,
        summary: event.summary,
        ...(event.focus === undefined ? {} : { focus: event.focus }),
      };
      return { ...state, items: [...state.items, item] };
    }
    case 'replay_divergence':
      return { ...state, items: [...state.items, divergenceNotice(state, event.divergence)] };
    case 'workspace_tools':
      return { ...state, items: [...state.items, ...workspaceToolNotices(state, event)] };
    case 'hook_run':
    case 'user_input_request':
    case 'user_input_response':
      return foldInteraction(state, event);
    case 'subagent_event':
      return foldSubagentEvent(state, event, now);
  }
}

/** What changed in the workspace's own tools: the ones offered now, and each file that could not be used. */
function workspaceToolNotices(state: ViewState, event: Extract<AgentEvent, { type: 'workspace_tools' }>): NoticeItem[] {
  const id = `${runPrefix(state)}:workspace-tools${state.items.length}`;
  const offered =
    event.tools.length > 0
      ? `Workspace tools offered to the model: ${event.tools.map((tool) => `${tool.name} (${tool.file})`).join(', ')}.`
      : event.problems.length === 0
        ? 'The workspace defines no tools any more.'
        : undefined;
  const problems = event.problems.map((problem, index): NoticeItem => ({ kind: 'notice', id: `${id}:problem${index}`, level: 'warning', text: `Workspace tool not offered: ${problem.file} ${problem.problem}.` }));
  return offered === undefined ? problems : [{ kind: 'notice', id, level: 'info', text: offered }, ...problems];
}

function divergenceNotice(state: ViewState, divergence: ReplayDivergence): NoticeItem {
  const where = `Replay diverged at step ${divergence.step} of ${divergence.of}`;
  const what =
    divergence.kind === 'tool_result'
      ? `${divergence.tool || 'a tool'} returned something different from the recording`
      : 'the request differs from the recorded one';
  return { kind: 'notice', id: `${runPrefix(state)}:divergence${state.items.length}`, level: 'warning', text: `${where}: ${what}.`, divergence };
}

/** Hook runs go under their tool call (or on a line of their own); a tool's question and its answer onto its card. */
function foldInteraction(state: ViewState, event: Extract<AgentEvent, { type: 'hook_run' | 'user_input_request' | 'user_input_response' }>): ViewState {
  switch (event.type) {
    case 'hook_run': {
      const run = event.run;
      const next = { ...state, hookRuns: [...(state.hookRuns ?? []), run] };
      const callId = run.callId;
      if (callId !== undefined && next.items.some((item) => item.kind === 'tool' && item.id === callId)) {
        return updateTool(next, callId, (tool) => ({ ...tool, hooks: [...(tool.hooks ?? []), run] }));
      }
      const item: HookItem = { kind: 'hook', id: `${runPrefix(state)}:hook${next.hookRuns.length}`, run };
      return { ...next, items: [...next.items, item] };
    }
    case 'user_input_request':
      return updateTool(state, event.callId, (tool) => ({ ...tool, userInput: { request: event.request } }));
    case 'user_input_response':
      return updateTool(state, event.callId, (tool) => (tool.userInput === undefined ? tool : { ...tool, userInput: { ...tool.userInput, response: event.response } }));
  }
}

/** The tool calls waiting for the user's answer to a plan or questions. */
export function pendingInputs(state: ViewState): ToolItem[] {
  return state.items.filter((item): item is ToolItem => item.kind === 'tool' && item.status === 'running' && item.userInput !== undefined && item.userInput.response === undefined);
}

function sumUsage(a: Usage | undefined, b: Usage): Usage {
  if (a === undefined) return b;
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: (a.cacheReadTokens ?? 0) + (b.cacheReadTokens ?? 0),
    cacheWriteTokens: (a.cacheWriteTokens ?? 0) + (b.cacheWriteTokens ?? 0),
  };
}

export function foldEvents(events: readonly AgentEvent[], now: number = Date.now(), from: ViewState = initialView()): ViewState {
  return events.reduce((state, event) => foldEvent(state, event, now), from);
}

/** Fold a session's log, each event at the time it arrived: the live view and the reloaded one are the same. */
export function foldLog(log: readonly LoggedEvent[], from: ViewState = initialView()): ViewState {
  return log.reduce((state, { at, event }) => foldEvent(state, event, at), from);
}

/** The view with a line of the harness's own after it (e.g. what a restore had to leave out). Not part of the log. */
export function withNotice(state: ViewState, text: string, level: NoticeItem['level'] = 'error'): ViewState {
  const notice: NoticeItem = { kind: 'notice', id: `notice${state.items.length}`, level, text };
  return { ...state, items: [...state.items, notice] };
}

/** The tool calls currently waiting for the user. */
export function pendingPermissions(state: ViewState): ToolItem[] {
  // A sub-agent's calls ask too: their prompts show under the Agent call that launched it.
  return [...state.items.filter((item): item is ToolItem => item.kind === 'tool' && item.status === 'permission'), ...nestedPendingPermissions(state.items)];
}

export type RunState = 'idle' | 'running' | 'waiting';

/** idle, running, or waiting for a permission answer. */
export function runState(state: ViewState): RunState {
  if (!state.running) return 'idle';
  return pendingPermissions(state).length > 0 || pendingInputs(state).length > 0 ? 'waiting' : 'running';
}

/** The view with the todo list a finished TodoWrite call (at the top level) set, when it was one. */
function withTodosOf(state: ViewState, callId: string, isError: boolean): ViewState {
  const tool = state.items.find((item): item is ToolItem => item.kind === 'tool' && item.id === callId);
  const todos = tool === undefined ? undefined : todosFromCall(tool.name, tool.input, isError);
  return todos === undefined ? state : { ...state, todos };
}

/** A sub-agent's run under the Agent call that launched it, folded like the session's own. */
export interface SubagentView {
  agentId: string;
  view: ViewState;
}

/** What a sub-agent's inspector entries are labelled with: its type and description, from the Agent call. */
function agentLabel(tool: ToolItem | undefined, agentId: string): string {
  const type = tool?.input['subagent_type'];
  const description = tool?.input['description'];
  return typeof type === 'string' ? `${type}${typeof description === 'string' ? `: ${description}` : ''}` : agentId;
}

/**
 * A sub-agent's event: folded into its own view on the Agent call's card (chat items, its
 * requests, its usage), while its requests also join the inspector's list, labelled with the
 * agent, and its tokens count in the session's totals.
 */
function foldSubagentEvent(state: ViewState, event: Extract<AgentEvent, { type: 'subagent_event' }>, now: number): ViewState {
  const inner = event.event;
  let next = updateTool(state, event.callId, (tool) => ({
    ...tool,
    subagent: { agentId: event.agentId, view: foldEvent(tool.subagent?.view ?? initialView(), inner, now) },
  }));
  const mine = (entry: InspectorEntry): boolean => entry.agent?.id === event.agentId && 'turn' in inner && entry.turn === inner.turn;
  switch (inner.type) {
    case 'model_request': {
      const tool = next.items.find((item): item is ToolItem => item.kind === 'tool' && item.id === event.callId);
      const entry: InspectorEntry = {
        id: `${event.agentId}:req${inner.turn}:${next.requests.length}`,
        run: next.runs,
        turn: inner.turn,
        request: inner.request,
        responses: [],
        at: now,
        agent: { id: event.agentId, label: agentLabel(tool, event.agentId) },
      };
      next = { ...next, requests: [...next.requests, entry] };
      break;
    }
    case 'model_response': {
      const at = findIndexFromEnd(next.requests, mine);
      const entry = next.requests[at];
      if (entry !== undefined) next = { ...next, requests: replaceAt(next.requests, at, { ...entry, responses: [...entry.responses, inner.response] }) };
      break;
    }
    case 'usage': {
      const u = inner.usage;
      const at = findIndexFromEnd(next.requests, mine);
      const entry = next.requests[at];
      const requests = entry !== undefined ? replaceAt(next.requests, at, { ...entry, usage: sumUsage(entry.usage, u) }) : next.requests;
      const usage: UsageTotals = {
        inputTokens: next.usage.inputTokens + u.inputTokens,
        outputTokens: next.usage.outputTokens + u.outputTokens,
        cacheReadTokens: next.usage.cacheReadTokens + (u.cacheReadTokens ?? 0),
        cacheWriteTokens: next.usage.cacheWriteTokens + (u.cacheWriteTokens ?? 0),
        costUsd: next.usage.costUsd + (inner.costUsd ?? 0),
      };
      next = { ...next, requests, usage };
      break;
    }
    default:
      break;
  }
  return next;
}

/** When the session's run ends, a sub-agent run that never said it ended (the page closed) ends too. */
function closeSubagents(items: readonly ChatItem[], at: number): ChatItem[] {
  return items.map((item) => {
    if (item.kind !== 'tool' || item.subagent === undefined || !item.subagent.view.running) return item;
    const view = endRun(item.subagent.view, { type: 'run_end', reason: 'interrupted', at });
    return { ...item, subagent: { ...item.subagent, view } };
  });
}

/** The calls of sub-agents waiting for the user. */
function nestedPendingPermissions(items: readonly ChatItem[]): ToolItem[] {
  return items.flatMap((item) => (item.kind === 'tool' && item.subagent !== undefined ? pendingPermissions(item.subagent.view) : []));
}
