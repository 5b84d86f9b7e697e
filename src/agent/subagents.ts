/**
 * Running a sub-agent for the Agent tool: the same loop, with a fresh transcript (only the task),
 * the type's own system prompt, a filtered tool set and a lower turn limit. Its events go to the
 * parent's log wrapped in `subagent_event` (tagged with its id), so the chat and the inspector can
 * show them nested while the parent's transcript ignores them. Its last answer is the tool result.
 */
import { messageText, type Message } from '../models/messages';
import type { AnyTool, SubagentRequest, ToolResult } from '../tools/port';
import type { AgentEvent } from './events';
import type { AgentLoopConfig } from './loop';
import type { SubagentCatalogue, SubagentType } from './subagent-types';
import { buildSystemPrompt } from './system-prompt';
import { appendUserMessage } from './transcript';
import type { AskPermission } from './tool-round';

/** What a sub-agent inherits from the run that launched it. */
export interface SubagentParent {
  config: AgentLoopConfig;
  catalogue: SubagentCatalogue;
  emit: (event: AgentEvent) => void;
  /** Runs the loop (injected: this module is imported by the loop). */
  runLoop: (config: AgentLoopConfig, emit: (event: AgentEvent) => void) => Promise<{ reason: string; messages: Message[]; detail?: string }>;
}

/** The sub-agent's id in the log, from the Agent call that launched it. */
export function subagentId(callId: string): string {
  return `agent-${callId}`;
}

/** The tools a type gets: its list (when it has one) of the parent's tools, never the Agent tool itself. */
export function subagentTools(parentTools: readonly AnyTool[], type: Pick<SubagentType, 'tools'>): AnyTool[] {
  const offered = parentTools.filter((tool) => tool.availableToSubagents !== false);
  if (type.tools === undefined || type.tools.includes('*')) return offered;
  const wanted = new Set(type.tools);
  return offered.filter((tool) => wanted.has(tool.name));
}

const DENIED_BY_TYPE =
  'This agent type is read-only and cannot ask the user: only calls the permission rules allow run. Use Read, Glob and Grep instead.';

/** Runs one sub-agent to its end and returns its final report as the Agent call's result. */
export async function runSubagent(parent: SubagentParent, callId: string, request: SubagentRequest): Promise<ToolResult> {
  const { config } = parent;
  const type = parent.catalogue.find(request.type);
  if (type === undefined) {
    const names = parent.catalogue.types().map((known) => known.name).join(', ');
    return { content: `Unknown agent type "${request.type}". Available types: ${names}.`, isError: true };
  }
  const agentId = subagentId(callId);
  const emit = (event: AgentEvent): void => parent.emit({ type: 'subagent_event', agentId, callId, event });
  const tools = subagentTools(config.tools, type);
  const askPermission: AskPermission = type.neverAsks
    ? async () => ({ kind: 'deny', reason: DENIED_BY_TYPE })
    : config.askPermission;
  const messages: Message[] = [];
  appendUserMessage(messages, { role: 'user', content: request.prompt }, emit);
  const systemPrompt = buildSystemPrompt({
    sandbox: config.sandbox,
    toolNames: tools.map((tool) => tool.name),
    extraSections: [`# Your task\n${type.systemPrompt}`],
  });
  const parentTurns = config.settings?.maxTurns;
  const result = await parent.runLoop(
    {
      model: config.model,
      modelId: type.model ?? config.modelId,
      systemPrompt,
      messages,
      tools,
      sandbox: config.sandbox,
      // A fresh context: the sub-agent reads files itself before it edits them.
      readLedger: new Map(),
      signal: config.signal,
      askPermission,
      ...(config.permissionMode === undefined ? {} : { permissionMode: config.permissionMode }),
      ...(config.permissionRules === undefined ? {} : { permissionRules: config.permissionRules }),
      settings: { ...config.settings, maxTurns: Math.min(type.maxTurns, parentTurns ?? type.maxTurns), tokenBudget: undefined },
      runId: agentId,
      prompt: request.prompt,
      ...(config.now === undefined ? {} : { now: config.now }),
      // The workspace's hooks hold inside a sub-agent too; it ends with SubagentStop, not Stop.
      ...(config.hooks === undefined ? {} : { hooks: config.hooks, stopHookEvent: 'SubagentStop' as const }),
      // Step mode pauses a sub-agent's steps too, marked as its own.
      ...(config.stepGate?.forAgent === undefined ? {} : { stepGate: config.stepGate.forAgent(type.name) }),
    },
    emit,
  );
  const report = lastAnswer(result.messages);
  if (result.reason === 'completed') return { content: report === '' ? '(The agent finished without a report.)' : report };
  const why = `The ${type.name} agent stopped before finishing (${result.reason}${result.detail ? `: ${result.detail}` : ''}).`;
  return { content: report === '' ? why : `${why}\nIts last answer:\n${report}`, isError: result.reason !== 'max_turns' };
}

/** The text of the last assistant message, the sub-agent's report. */
function lastAnswer(messages: readonly Message[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === 'assistant') {
      const text = messageText(message).trim();
      if (text !== '') return text;
    }
  }
  return '';
}
