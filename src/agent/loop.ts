import type { AssistantMessage, Message, ToolResultBlock, ToolUseBlock, UserBlock } from '../models/messages';
import { messageText } from '../models/messages';
import type { ModelClient, ModelRequest } from '../models/port';
import type { Sandbox } from '../sandbox/port';
import type { AnyTool, FileReadRecord, SubagentRequest } from '../tools/port';
import { reminderBlocks, systemReminder } from './context-notes';
import { errorMessage } from './error-message';
import type { AgentEvent, StopReason } from './events';
import { streamTurnWithRetries } from './model-turn';
import { resolveRunSettings, type RunSettingsInput } from './run-settings';
import type { PermissionMode } from './session-contract';
import { PermissionRuleBook } from './permission-rule-book';
import { toolDefinitions } from '../tools/registry';
import { runToolRound, type AskPermission } from './tool-round';
import { appendUserMessage, danglingAnswer, errorResult, toolUsesOf } from './transcript';
import { compactConversation, ContextGauge, isContextOverflow } from './compaction';
import { contextCalls } from './context-calls';
import { thresholdOf } from './context-budget';
import { microCompact } from './micro-compaction';
import { priceOf, spendCapDetail, turnLimitDetail } from './limits';
import type { SystemPart } from './system-prompt';
import type { HookBook } from './hooks';
import { stopHookSaysGoOn } from './stop-hooks';
import type { UserInputRequest, UserInputResponse } from '../tools/user-input';
import type { SubagentCatalogue } from './subagent-types';
import { runSubagent } from './subagents';
import { requestEdit, type StepGate } from './step-gate';
import type { ResumePoint } from './branch-point';
import { describeToolUse } from './tool-call-info';

/** The harness note sent after a text answer cut off by the output limit. */
export const CONTINUE_NOTE =
  'Your previous answer hit the output token limit and was cut off. Continue exactly where it stopped, ' +
  'even mid-word or mid-sentence: no apology, no recap, do not repeat what you already wrote.';

export interface AgentLoopConfig {
  model: ModelClient;
  /** Provider model id sent in the request, e.g. `claude-sonnet-5`. */
  modelId: string;
  systemPrompt: string;
  /** The system prompt as named parts (joined, exactly `systemPrompt`), shown by the inspector. */
  systemParts?: readonly SystemPart[];
  /** Notes attached to file reads, e.g. a subfolder's AGENTS.md (see ToolContext.notesForRead). */
  notesForRead?: (path: string) => Promise<string | undefined>;
  /**
   * The transcript so far, ending with the new user prompt. The loop appends to this
   * array in place (so a session's transcript is live while a run goes on); it never
   * mutates a message already in it.
   */
  messages: Message[];
  tools: readonly AnyTool[];
  /**
   * Reads the tool set again before each model request after the first (workspace tools written
   * during the run are offered from the next request on); absent, `tools` holds for the whole run.
   */
  refreshTools?: () => Promise<readonly AnyTool[]>;
  sandbox: Sandbox;
  /**
   * Notes for the model that arrived during the run (e.g. preview errors), drained after each
   * tool round (or cut-off answer) and sent as `<system-reminder>` text after that round's
   * tool results (or the continuation note).
   */
  pendingNotes?: () => readonly string[];
  readLedger: Map<string, FileReadRecord>;
  signal: AbortSignal;
  /** Asks the user about a call the policy could not decide; only called for `ask`. */
  askPermission: AskPermission;
  /** The mode, or a getter so a mode change takes effect mid-run. Default `default`. */
  permissionMode?: PermissionMode | (() => PermissionMode);
  /** The permission rules in force (workspace, user, session); "allow for this session" and "always allow" add to it. */
  permissionRules?: PermissionRuleBook;
  /** Limits, retries, result size and pricing of this run; unset fields take the defaults of ./run-settings.ts. */
  settings?: RunSettingsInput;
  runId?: string;
  /** The prompt shown in `run_start`; defaults to the text of the last user message. */
  prompt?: string;
  /** Monotonic milliseconds for tool durations; default `performance.now`. */
  now?: () => number;
  /** The hooks in force: PreToolUse and PostToolUse around each call, Stop when the model is done. */
  hooks?: HookBook;
  /** Which stop event this loop runs when it is done: Stop, or SubagentStop for a sub-agent's loop. */
  stopHookEvent?: 'Stop' | 'SubagentStop';
  /** Shows a tool's question to the user and waits (AskUserQuestion, ExitPlanMode). */
  askUser?: (callId: string, request: UserInputRequest) => Promise<UserInputResponse>;
  /** The agent types the Agent tool may launch; without it (as inside a sub-agent) the Agent tool cannot run. */
  subagents?: SubagentCatalogue;
  /** Step mode: holds each request and each tool call until the user lets it go, maybe edited (./step-gate.ts). */
  stepGate?: StepGate;
  /**
   * Take a run left at a branch point on from there (./branch-point.ts) instead of starting one:
   * `messages` is its transcript; the open round (if the point is inside one) is finished first.
   */
  resume?: ResumePoint;
}

export interface AgentLoopResult {
  reason: StopReason;
  /** The same array as `config.messages`, now holding the whole run. */
  messages: Message[];
  detail?: string;
}

let runCounter = 0;
function newRunId(): string {
  runCounter += 1;
  return `run-${Date.now().toString(36)}-${runCounter}`;
}

/**
 * The agent loop: call the model, run the tools it asks for, feed the results back,
 * and repeat until something stops it. A plain async function: everything it does is
 * reported through `emit`, and it never throws — every ending is a named stop reason.
 *
 * Stop reasons, and when each happens:
 * - completed: the model answered without calling a tool.
 * - interrupted: the signal fired. Calls that were waiting or running are answered
 *   "Interrupted by the user"; a half-streamed answer keeps its text only (thinking
 *   and unfinished tool calls are dropped), or is dropped when it has no text.
 * - max_turns: the model still wanted tools after `maxTurns` model calls (the last
 *   round's tools did run, so every call has its result).
 * - model_error: the provider failed (after retrying transient errors), or the loop
 *   itself hit an unexpected error.
 * - max_tokens: the answer hit the output limit and could not be continued.
 *   - A cut text answer stays in the transcript, followed by a user message holding a
 *     `<system-reminder>` note (CONTINUE_NOTE) that asks the model to go on where it
 *     stopped; that next call is an ordinary turn (no new events; it counts toward
 *     `maxTurns` and the token budget). After `maxContinuations` such notes in a run
 *     (or when no model turn is left), the next cut ends the run with a detail saying so.
 *     Unsigned (cut) thinking is dropped from the kept message: providers reject it.
 *   - When the cut fell inside a tool call, the calls are answered with error results
 *     and the model gets one more chance; a second cut ends the run.
 * - refusal: the model declined.
 * - budget_exceeded: the run's token budget is spent.
 * - permission_denied_stop: the user denied a call and asked to stop.
 */
export async function runAgentLoop(config: AgentLoopConfig, emitEvent: (event: AgentEvent) => void): Promise<AgentLoopResult> {
  const messages = config.messages;
  // What this run spent, for the spend cap (the session passes what earlier runs spent).
  let runUsd = 0;
  let runTokens = 0;
  const emit = (event: AgentEvent): void => {
    if (event.type === 'usage') {
      runUsd += event.costUsd ?? 0;
      runTokens += event.usage.inputTokens + event.usage.outputTokens;
    }
    emitEvent(event);
  };
  const settings = resolveRunSettings(config.settings);
  const { maxTurns, maxContinuations, tokenBudget } = settings;
  const now = config.now ?? (() => performance.now());
  const mode = config.permissionMode;
  const permissionMode = typeof mode === 'function' ? mode : () => mode ?? 'default';
  const permissionRules = config.permissionRules ?? new PermissionRuleBook();
  let toolsByName = new Map(config.tools.map((tool) => [tool.name, tool]));
  const { signal, subagents } = config;

  const end = (reason: StopReason, detail?: string): AgentLoopResult => {
    emit({ type: 'run_end', reason, ...(detail === undefined ? {} : { detail }), at: Date.now() });
    return detail === undefined ? { reason, messages } : { reason, messages, detail };
  };

  const { resume } = config;
  if (resume === undefined) {
    const lastMessage = messages[messages.length - 1];
    const prompt = config.prompt ?? (lastMessage?.role === 'user' ? messageText(lastMessage) : '');
    emit({ type: 'run_start', runId: config.runId ?? newRunId(), prompt, at: Date.now() });
    const notice = config.model.promptNotice?.(prompt);
    if (notice) emit({ type: 'model_notice', notice });
  } else emit({ type: 'run_resumed', runId: config.runId ?? newRunId(), at: Date.now() });

  // A resumed run counts its turns on from where it was left (the request of its turn is still to come).
  let turn = resume === undefined ? 0 : resume.branch.step === 'request' ? resume.branch.turn - 1 : resume.branch.turn;
  let spentTokens = 0;
  let maxTokensRecovered = false;
  let continuations = 0;
  let stopHookContinuations = 0;
  try {
    // Exported once, and again only when refreshTools gives another set.
    let toolSet = config.tools;
    let tools = toolDefinitions(toolSet);
    const context = settings.context;
    let calls = contextCalls(toolSet, config.sandbox.root);
    const gauge = new ContextGauge();
    const threshold = thresholdOf(context);
    const isPriced = settings.costOf?.({ inputTokens: 1_000_000, outputTokens: 0 }, config.modelId) !== undefined;
    // The parts the system prompt is made of, carried by each request event for the inspector.
    let systemPartsField: { systemParts?: SystemPart[] } = config.systemParts ? { systemParts: [...config.systemParts] } : {};
    // A system prompt edited in step mode holds for the rest of the run.
    let systemPrompt = config.systemPrompt;
    const nextRequest = (): ModelRequest => ({
      model: config.modelId,
      system: systemPrompt,
      // A copy (old tool results cleared when micro-compaction is on): the event keeps exactly what was sent.
      messages: context.microCompact ? microCompact(messages, { keep: context.keepToolResults, describe: calls.describe }).slice() : messages.slice(),
      tools,
      maxTokens: settings.maxTokens,
      ...(settings.thinkingBudget === undefined ? {} : { thinkingBudget: settings.thinkingBudget }),
    });
    const compact = async (request: ModelRequest, trigger: 'auto' | 'overflow'): Promise<boolean> => {
      const done = await compactConversation({
        model: config.model,
        request,
        transcript: messages,
        sandbox: config.sandbox,
        settings,
        signal,
        turn,
        trigger,
        tokensBefore: gauge.tokensOf(request),
        continuing: true,
        describe: calls.describe,
        isRead: calls.isRead,
        emit,
      });
      gauge.reset();
      return done.kind === 'compacted';
    };
    /**
     * Announce the request about to be sent, after step mode let it go (maybe edited: then the edited
     * one is sent, logged and marked, and its messages become the transcript). Undefined: stopped while paused.
     */
    const send = async (built: ModelRequest): Promise<ModelRequest | undefined> => {
      const stepped = config.stepGate ? await config.stepGate.beforeRequest(turn, built, signal) : { value: built, edited: false };
      if (stepped === undefined || signal.aborted) return undefined;
      if (!stepped.edited) {
        emit({ type: 'model_request', turn, request: built, ...systemPartsField });
        return built;
      }
      const sent = stepped.value;
      const stepEdit = requestEdit(built, sent);
      if (stepEdit.system) {
        systemPrompt = sent.system;
        systemPartsField = {}; // the named parts no longer join to what was sent
      }
      if (stepEdit.messages) messages.splice(0, messages.length, ...sent.messages);
      emit({ type: 'model_request', turn, request: sent, ...systemPartsField, stepEdit });
      return sent;
    };
    const runRound = (toolUses: readonly ToolUseBlock[], cutOffByMaxTokens: boolean) =>
      runToolRound({
        turn,
        toolUses,
        toolsByName,
        cutOffByMaxTokens,
        sandbox: config.sandbox,
        readLedger: config.readLedger,
        ...(config.notesForRead ? { notesForRead: config.notesForRead } : {}),
        signal,
        permissionMode,
        permissionRules,
        askPermission: config.askPermission,
        settings,
        emit,
        now,
        ...(config.hooks === undefined ? {} : { hooks: config.hooks }),
        ...(config.askUser === undefined ? {} : { askUser: config.askUser }),
        ...(config.stepGate === undefined ? {} : { stepGate: config.stepGate }),
        ...(subagents === undefined
          ? {}
          : { runSubagent: (callId: string, request: SubagentRequest) => runSubagent({ config, catalogue: subagents, emit, runLoop: runAgentLoop }, callId, request) }),
      });
    /** After a round: its results (and any notes) go to the model next, unless the round ended the run. */
    const closeRound = (results: readonly ToolResultBlock[], stop: Awaited<ReturnType<typeof runRound>>): AgentLoopResult | undefined => {
      const notes = config.pendingNotes?.() ?? [];
      appendUserMessage(messages, { role: 'user', content: [...results, ...reminderBlocks(notes)] }, emit);
      if (stop.stop === 'interrupted') return end('interrupted');
      if (stop.stop === 'permission_denied_stop') return end('permission_denied_stop', 'The user denied a tool call and stopped the run.');
      if (stop.stop === 'hook_stopped') return end('hook_stopped', stop.hookStop);
      return undefined;
    };
    /**
     * The round a run was left in: the result it was paused at goes through step mode again (so
     * this run can change it), then the calls that had not run do, and the round closes as usual.
     */
    const finishOpenRound = async (point: ResumePoint): Promise<AgentLoopResult | undefined> => {
      const last = messages[messages.length - 1];
      const toolUses = last?.role === 'assistant' ? toolUsesOf(last) : [];
      if (toolUses.length === 0) return undefined;
      const { branch } = point;
      const results = new Map(point.results);
      if (branch.step === 'result') {
        const use = toolUses.find((candidate) => candidate.id === branch.callId);
        const stepped = use && config.stepGate ? await config.stepGate.afterTool(describeToolUse(use, toolSet, config.sandbox.root), branch.result, signal) : undefined;
        const result = stepped?.value ?? branch.result;
        results.set(branch.callId, result);
        emit({ type: 'tool_result', callId: branch.callId, result, durationMs: 0, ...(stepped?.edited === true ? { editedInStep: true as const } : {}) });
      }
      const open = toolUses.filter((use) => !results.has(use.id));
      const round = open.length > 0 ? await runRound(open, false) : { results: [] };
      round.results.forEach((result) => results.set(result.tool_use_id, result));
      return closeRound(
        toolUses.map((use) => results.get(use.id) ?? errorResult(use.id, 'Not run: the run failed.')),
        round,
      );
    };
    if (resume !== undefined && resume.branch.step !== 'request') {
      const ended = await finishOpenRound(resume);
      if (ended !== undefined) return ended;
    }
    for (;;) {
      if (signal.aborted) return end('interrupted');
      if (turn >= maxTurns) return end('max_turns', turnLimitDetail(maxTurns));
      if (tokenBudget !== undefined && spentTokens >= tokenBudget) {
        return end('budget_exceeded', `Used ${spentTokens} of a ${tokenBudget}-token budget.`);
      }
      const capped = spendCapDetail(settings.spendCap, isPriced, runUsd, runTokens);
      if (capped !== undefined) return end('spend_cap', capped);
      turn += 1;
      emit({ type: 'turn_start', turn });
      const refreshed = turn > 1 ? await config.refreshTools?.() : undefined;
      if (refreshed !== undefined && refreshed !== toolSet) {
        toolSet = refreshed;
        tools = toolDefinitions(toolSet);
        toolsByName = new Map(toolSet.map((tool) => [tool.name, tool]));
        calls = contextCalls(toolSet, config.sandbox.root);
      }
      let request = nextRequest();
      if (context.autoCompact && messages.length > 1 && gauge.tokensOf(request) > threshold) {
        if (!(await compact(request, 'auto'))) return end('interrupted');
        request = nextRequest();
      }
      const sent = await send(request);
      if (sent === undefined) return end('interrupted');
      request = sent;

      let outcome = await streamTurnWithRetries(config.model, request, signal, turn, settings.retry, emit);
      if (outcome.kind === 'failed' && isContextOverflow(outcome.error) && messages.length > 1) {
        // Refused as too long (the estimate was off): compact, and try once more.
        if (!(await compact(request, 'overflow'))) return end('interrupted');
        const resent = await send(nextRequest());
        if (resent === undefined) return end('interrupted');
        request = resent;
        outcome = await streamTurnWithRetries(config.model, request, signal, turn, settings.retry, emit);
      }
      if (outcome.kind === 'message') gauge.observe(request, outcome.usage);
      if (outcome.kind === 'interrupted') {
        if (outcome.partial) {
          messages.push(outcome.partial);
          emit({ type: 'assistant_message', turn, message: outcome.partial });
        }
        return end('interrupted');
      }
      if (outcome.kind === 'failed') {
        if (outcome.error.kind === 'exhausted') return end('recording_exhausted', outcome.error.message);
        emit({ type: 'error', error: outcome.error });
        return end('model_error', outcome.error.message);
      }

      const { stopReason, usage } = outcome;
      // Only a cut message can hold unsigned thinking; the normal path keeps the same object.
      const message = stopReason === 'max_tokens' ? withoutUnsignedThinking(outcome.message) : outcome.message;
      spentTokens += usage.inputTokens + usage.outputTokens;
      emit({ type: 'usage', turn, usage, ...priceOf(settings.costOf, usage, config.modelId) });
      messages.push(message);
      emit({ type: 'assistant_message', turn, message });

      const toolUses = toolUsesOf(message);
      if (toolUses.length === 0) {
        if (stopReason === 'max_tokens') {
          if (continuations >= maxContinuations || turn >= maxTurns) {
            return end('max_tokens', cutOffDetail(continuations, turn >= maxTurns && continuations < maxContinuations));
          }
          continuations += 1;
          // A harness note, not the user's words (the chat hides <system-reminder> text).
          const content: UserBlock[] = [{ type: 'text', text: systemReminder(CONTINUE_NOTE) }, ...reminderBlocks(config.pendingNotes?.() ?? [])];
          appendUserMessage(messages, { role: 'user', content }, emit);
          continue;
        }
        if (stopReason === 'refusal') return end('refusal');
        if (stopReason === 'pause_turn') continue; // the provider paused a long turn: send it back to continue
        if (config.hooks && turn < maxTurns) {
          const verdict = await stopHookSaysGoOn(config.hooks, config.stopHookEvent ?? 'Stop', stopHookContinuations, {
            sandbox: config.sandbox,
            emit,
            signal,
            permissionMode: permissionMode(),
          });
          if (verdict.kind === 'stop') return end('hook_stopped', verdict.reason);
          if (verdict.kind === 'go_on') {
            stopHookContinuations += 1;
            appendUserMessage(messages, { role: 'user', content: [{ type: 'text', text: systemReminder(verdict.note) }] }, emit);
            continue;
          }
        }
        return end('completed');
      }
      if (stopReason === 'refusal') {
        answerUnrun(messages, toolUses, 'Not run: the model declined to continue.', emit);
        return end('refusal');
      }
      let cutOff = false;
      if (stopReason === 'max_tokens') {
        const cutToolCall = toolUses.some((use) => use.rawInput !== undefined);
        if (!cutToolCall || maxTokensRecovered) {
          answerUnrun(messages, toolUses, 'Not run: the answer hit the output token limit.', emit);
          return end('max_tokens', 'The answer hit the output token limit.');
        }
        maxTokensRecovered = true;
        cutOff = true;
      }

      const round = await runRound(toolUses, cutOff);
      const ended = closeRound(round.results, round);
      if (ended !== undefined) return ended;
    }
  } catch (error) {
    // A bug in the harness (or a throwing listener) must still leave a valid transcript.
    const detail = `Internal error: ${errorMessage(error)}`;
    emit({ type: 'error', error: { kind: 'internal', message: detail } });
    answerDangling(messages, emit);
    return end('model_error', detail);
  }
}

function cutOffDetail(continuations: number, noTurnsLeft: boolean): string {
  if (noTurnsLeft) return 'The answer hit the output token limit and no model turn was left to continue it.';
  if (continuations === 0) return 'The answer hit the output token limit.';
  const times = continuations === 1 ? '1 continuation' : `${continuations} continuations`;
  return `The answer hit the output token limit again after ${times} (the limit per run).`;
}

/** A cut-off message without thinking blocks that never got their signature (the same object when it has none). */
function withoutUnsignedThinking(message: AssistantMessage): AssistantMessage {
  if (!message.content.some((block) => block.type === 'thinking' && block.signature === undefined)) return message;
  const content = message.content.filter((block) => block.type !== 'thinking' || block.signature !== undefined);
  // Providers reject an empty assistant message.
  return { role: 'assistant', content: content.length > 0 ? content : [{ type: 'text', text: '(no content)' }] };
}

/** Answer tool calls the run will not execute, so the transcript stays valid. */
function answerUnrun(messages: Message[], toolUses: readonly ToolUseBlock[], text: string, emit: (event: AgentEvent) => void): void {
  const results = toolUses.map((use) => errorResult(use.id, text));
  for (const result of results) emit({ type: 'tool_result', callId: result.tool_use_id, result, durationMs: 0 });
  appendUserMessage(messages, { role: 'user', content: results }, emit);
}

/** After an unexpected error: give every unanswered tool call of the last assistant message a result. */
function answerDangling(messages: Message[], emit: (event: AgentEvent) => void): void {
  const answer = danglingAnswer(messages, 'Not run: the run failed.');
  if (answer) appendUserMessage(messages, answer, emit);
}
