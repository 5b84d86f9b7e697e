/**
 * A session's event log in the form it is stored: small, append-only, checked on the way back.
 *
 * - Small: streaming deltas are merged per block (and emptied when the message they built
 *   follows: its text is stored once, in the message), tool progress per call. A model request
 *   holds the whole transcript so far, so messages, system prompts and tool sets go into pools,
 *   each distinct value stored once, and events refer to them by index.
 * - Append-only: each save writes one chunk, the events since the last save and the pool items
 *   they introduced. Pool indexes are absolute (a chunk says where its items start), so an
 *   unreadable chunk costs only what refers to it.
 * - Checked: every pool item and every event is validated with zod on reading; what does not
 *   validate (or refers to something that did not) is dropped and counted, never half-shown.
 *
 * Folding the read-back log gives exactly the view of the live one (tests/unit/store).
 * No DOM, no Svelte.
 */
import type { LoggedEvent } from '../agent/event-log';
import { closingEvents, transcriptOf } from '../agent/event-log';
import { closingAnswer } from '../agent/branch-point';
import type { AgentEvent } from '../agent/events';
import type { SystemPart } from '../agent/system-prompt';
import { transcriptProblems } from '../agent/transcript';
import type { AssistantMessage, Message, UserMessage } from '../models/messages';
import type { ModelRequest, ToolDefinition } from '../models/port';
import { poolSchemas, storedChunkSchema, storedEntrySchema, storedEventSchema, type StoredChunk, type StoredEvent } from './event-schema';

type DeltaEvent = Extract<AgentEvent, { type: 'text_delta' | 'thinking_delta' }>;

function deltaText(event: DeltaEvent): string {
  return event.type === 'text_delta' ? event.text : event.thinking;
}

function withDeltaText(event: DeltaEvent, text: string): DeltaEvent {
  return event.type === 'text_delta' ? { ...event, text } : { ...event, thinking: text };
}

/** True when `message` holds, at the delta's index, the block the deltas built, word for word. */
function messageHolds(message: AssistantMessage, event: DeltaEvent): boolean {
  const block = message.content[event.index];
  if (event.type === 'text_delta') return block?.type === 'text' && block.text === event.text;
  return block?.type === 'thinking' && block.thinking === event.thinking;
}

/**
 * The same log with streaming merged: one delta per block (emptied when the finished message
 * repeats it), one progress event per tool call. Folding either gives the same view: a merged
 * delta creates its chat item where the first one did, and the message fills in the text.
 */
export function coalesceDeltas(entries: readonly LoggedEvent[]): LoggedEvent[] {
  const out: LoggedEvent[] = [];
  /** Per scope (the session itself, or one sub-agent), its open streaming blocks and tool progress. */
  const scopes = new Map<string, { blocks: Map<string, number>; progress: Map<string, number> }>();
  for (const entry of entries) {
    // A sub-agent's events are merged the same way, within its own scope, and stay wrapped.
    const outer = entry.event;
    const scopeKey = outer.type === 'subagent_event' ? outer.agentId : '';
    const event = outer.type === 'subagent_event' ? outer.event : outer;
    const wrap = (inner: AgentEvent): AgentEvent => (outer.type === 'subagent_event' ? { ...outer, event: inner } : inner);
    const unwrap = (logged: LoggedEvent | undefined): AgentEvent | undefined =>
      logged === undefined ? undefined : logged.event.type === 'subagent_event' && scopeKey !== '' ? logged.event.event : logged.event;
    let scope = scopes.get(scopeKey);
    if (scope === undefined) {
      scope = { blocks: new Map(), progress: new Map() };
      scopes.set(scopeKey, scope);
    }
    const { blocks, progress } = scope;
    switch (event.type) {
      case 'text_delta':
      case 'thinking_delta': {
        const key = `${event.type}:${event.turn}:${event.index}`;
        const at = blocks.get(key);
        const open = at === undefined ? undefined : out[at];
        const openEvent = unwrap(open);
        if (at !== undefined && open !== undefined && openEvent !== undefined && openEvent.type === event.type) {
          out[at] = { ...open, event: wrap(withDeltaText(openEvent, deltaText(openEvent) + deltaText(event))) };
        } else {
          blocks.set(key, out.length);
          out.push(entry);
        }
        break;
      }
      case 'tool_progress': {
        const at = progress.get(event.callId);
        const open = at === undefined ? undefined : out[at];
        const openEvent = unwrap(open);
        if (at !== undefined && open !== undefined && openEvent?.type === 'tool_progress') {
          out[at] = { ...open, event: wrap({ ...openEvent, text: openEvent.text + event.text }) };
        } else {
          progress.set(event.callId, out.length);
          out.push(entry);
        }
        break;
      }
      case 'tool_result':
        progress.delete(event.callId);
        out.push(entry);
        break;
      case 'assistant_message':
        for (const at of blocks.values()) {
          const open = out[at];
          const openEvent = unwrap(open);
          if (open === undefined || openEvent === undefined || (openEvent.type !== 'text_delta' && openEvent.type !== 'thinking_delta')) continue;
          if (openEvent.turn === event.turn && messageHolds(event.message, openEvent)) out[at] = { ...open, event: wrap(withDeltaText(openEvent, '')) };
        }
        blocks.clear();
        out.push(entry);
        break;
      case 'retry':
      case 'run_start':
      case 'run_end':
      case 'model_request':
        // A new attempt or run: its blocks are new chat items, never merged into the old ones.
        blocks.clear();
        out.push(entry);
        break;
      default:
        out.push(entry);
    }
  }
  return out;
}

/** Hands out each distinct value's index: by identity first (cheap), then by content. */
class Pool<T> {
  /** Items by index; a hole is an item stored earlier that could not be read back (never referred to again). */
  readonly items: Array<T | undefined> = [];
  private readonly byIdentity = new Map<T, number>();
  private readonly byContent = new Map<string, number>();

  /** Continue a stored pool: its items keep their indexes. */
  constructor(stored: ReadonlyArray<T | undefined> = []) {
    stored.forEach((item, at) => {
      this.items.push(item);
      if (item !== undefined) this.byContent.set(JSON.stringify(item), at);
    });
  }

  indexOf(value: T): number {
    const known = this.byIdentity.get(value);
    if (known !== undefined) return known;
    const key = JSON.stringify(value);
    let at = this.byContent.get(key);
    if (at === undefined) {
      at = this.items.length;
      this.items.push(value);
      this.byContent.set(key, at);
    }
    this.byIdentity.set(value, at);
    return at;
  }
}

/** Where a chunk's new pool items start in each pool. */
interface PoolBase {
  messages: number;
  systems: number;
  toolSets: number;
}

export interface PackedChunk extends StoredChunk {
  base: PoolBase;
}

/** The pools of a stored log, as read back: what the next chunk's references continue from. */
export interface StoredPools {
  messages: ReadonlyArray<Message | undefined>;
  systems: ReadonlyArray<string | undefined>;
  toolSets: ReadonlyArray<ToolDefinition[] | undefined>;
}

/** Packs a log into chunks, one per save; its pools run on from chunk to chunk (and from a stored log). */
export class LogPacker {
  private readonly messages: Pool<Message>;
  private readonly systems: Pool<string>;
  private readonly toolSets: Pool<readonly ToolDefinition[]>;

  constructor(stored?: StoredPools) {
    this.messages = new Pool(stored?.messages);
    this.systems = new Pool(stored?.systems);
    this.toolSets = new Pool<readonly ToolDefinition[]>(stored?.toolSets);
  }

  /** The chunk holding `entries` (the events since the previous chunk). */
  pack(entries: readonly LoggedEvent[]): PackedChunk {
    const base: PoolBase = { messages: this.messages.items.length, systems: this.systems.items.length, toolSets: this.toolSets.items.length };
    const events = coalesceDeltas(entries).map(({ at, event }) => ({ at, event: this.store(event) }));
    return {
      format: 1,
      base,
      messages: this.messages.items.slice(base.messages),
      systems: this.systems.items.slice(base.systems),
      toolSets: this.toolSets.items.slice(base.toolSets).map((tools) => (tools === undefined ? tools : [...tools])),
      events,
    };
  }

  private store(event: AgentEvent): StoredEvent {
    switch (event.type) {
      case 'model_request': {
        const { request } = event;
        return {
          type: 'model_request',
          turn: event.turn,
          request: {
            model: request.model,
            maxTokens: request.maxTokens,
            ...(request.thinkingBudget === undefined ? {} : { thinkingBudget: request.thinkingBudget }),
            ...(request.purpose === undefined ? {} : { purpose: request.purpose }),
            system: this.systems.indexOf(request.system),
            tools: this.toolSets.indexOf(request.tools),
            messages: request.messages.map((message) => this.messages.indexOf(message)),
          },
          ...(event.systemParts ? { systemParts: event.systemParts.map((part) => ({ ...part, text: this.systems.indexOf(part.text) })) } : {}),
          ...(event.stepEdit ? { stepEdit: { ...event.stepEdit } } : {}),
        };
      }
      case 'assistant_message':
        return { type: 'assistant_message', turn: event.turn, message: this.messages.indexOf(event.message) };
      case 'model_response': {
        // The message is usually the very object assistant_message holds: pooled, it is stored once.
        const { message, ...rest } = event.response;
        return { type: 'model_response', turn: event.turn, response: { ...rest, ...(message ? { message: this.messages.indexOf(message) } : {}) } };
      }
      case 'user_message':
        return { type: 'user_message', message: this.messages.indexOf(event.message) };
      case 'compaction':
        return { ...event, message: this.messages.indexOf(event.message) };
      case 'subagent_event':
        // A sub-agent's requests and messages share the pools.
        return { ...event, event: this.store(event.event) };
      default:
        return event;
    }
  }
}

/** What reading a stored log had to leave out. */
export interface DroppedEvents {
  /** Events left out: unreadable, referring to something unreadable, or after a broken transcript. */
  count: number;
  /** Chunks (saves) that could not be read at all. */
  chunks: number;
}

export interface ReadLog {
  log: LoggedEvent[];
  dropped: DroppedEvents;
  /** The pools as read, for appending to the same stored log. */
  pools: StoredPools;
}

/** Items read back at their absolute pool index; unreadable ones stay holes. */
function fill<T>(pool: Array<T | undefined>, base: number, items: readonly unknown[], read: (item: unknown) => T | undefined): void {
  items.forEach((item, i) => {
    pool[base + i] = read(item);
  });
}

function parser<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }): (value: unknown) => T | undefined {
  return (value) => {
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  };
}

const readMessage = parser<Message>(poolSchemas.message);
const readSystem = parser<string>(poolSchemas.system);
const readToolSet = parser<ToolDefinition[]>(poolSchemas.toolSet);
const readEntry = parser(storedEntrySchema);
const readEvent = parser(storedEventSchema);

function readBase(value: unknown): PoolBase | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { messages, systems, toolSets } = value as Record<string, unknown>;
  const ok = [messages, systems, toolSets].every((n) => Number.isInteger(n) && (n as number) >= 0);
  return ok ? { messages: messages as number, systems: systems as number, toolSets: toolSets as number } : undefined;
}

/** Whether the log's transcript is one a provider accepts, once a run the page never finished is closed. */
function holdsTranscript(log: readonly LoggedEvent[]): boolean {
  // A run left at a branch point waits with its round open; what closes it is checked instead.
  const parked = closingAnswer(log);
  const closing: LoggedEvent[] = parked === undefined ? closingEvents(log, 0) : [{ at: 0, event: { type: 'user_message', message: parked } }];
  return transcriptProblems(transcriptOf([...log, ...closing])).length === 0;
}

/** Reads chunks back in order into one log, checking every item. */
export class LogReader {
  private readonly messages: Array<Message | undefined> = [];
  private readonly systems: Array<string | undefined> = [];
  private readonly toolSets: Array<ToolDefinition[] | undefined> = [];
  private readonly log: LoggedEvent[] = [];
  private readonly dropped: DroppedEvents = { count: 0, chunks: 0 };

  read(raw: unknown): void {
    const parsed = storedChunkSchema.safeParse(raw);
    const base = readBase((raw as { base?: unknown } | null)?.base);
    if (!parsed.success || base === undefined) {
      this.dropped.chunks += 1;
      return;
    }
    const chunk = parsed.data;
    fill(this.messages, base.messages, chunk.messages, readMessage);
    fill(this.systems, base.systems, chunk.systems, readSystem);
    fill(this.toolSets, base.toolSets, chunk.toolSets, readToolSet);
    for (const raw of chunk.events) {
      const entry = readEntry(raw);
      const stored = entry === undefined ? undefined : readEvent(entry.event);
      const event = stored === undefined ? undefined : this.resolve(stored);
      if (entry === undefined || event === undefined) this.dropped.count += 1;
      else this.log.push({ at: entry.at, event });
    }
  }

  /**
   * The log read so far. When what was dropped broke the transcript (a provider would refuse
   * it), the log is cut back to the last run that ends with a transcript that holds, and what
   * was cut counts as dropped: the model never gets a history that the chat does not show.
   */
  finish(): ReadLog {
    const log = this.log;
    const pools: StoredPools = { messages: this.messages, systems: this.systems, toolSets: this.toolSets };
    if (holdsTranscript(log)) return { log, dropped: { ...this.dropped }, pools };
    let keep = 0;
    for (let i = 0; i < log.length; i++) {
      if (log[i]?.event.type === 'run_end' && holdsTranscript(log.slice(0, i + 1))) keep = i + 1;
    }
    return { log: log.slice(0, keep), dropped: { count: this.dropped.count + log.length - keep, chunks: this.dropped.chunks }, pools };
  }

  /** The event with its references replaced by the pool items; undefined when one is missing. */
  private resolve(event: StoredEvent): AgentEvent | undefined {
    switch (event.type) {
      case 'model_request': {
        const { request } = event;
        const system = this.systems[request.system];
        const tools = this.toolSets[request.tools];
        const messages = request.messages.map((at) => this.messages[at]);
        if (system === undefined || tools === undefined || messages.some((message) => message === undefined)) return undefined;
        const resolved: ModelRequest = { model: request.model, system, tools, messages: messages as Message[], maxTokens: request.maxTokens };
        if (request.thinkingBudget !== undefined) resolved.thinkingBudget = request.thinkingBudget;
        if (request.purpose !== undefined) resolved.purpose = request.purpose;
        // Parts whose text cannot be read back are left out as a whole: the request itself still holds.
        const parts = event.systemParts?.map((part) => ({ label: part.label, source: part.source, text: this.systems[part.text] }));
        const systemParts = parts?.every((part): part is SystemPart => part.text !== undefined) ? parts : undefined;
        return { type: 'model_request', turn: event.turn, request: resolved, ...(systemParts ? { systemParts } : {}), ...(event.stepEdit ? { stepEdit: event.stepEdit } : {}) };
      }
      case 'assistant_message': {
        const message = this.messages[event.message];
        return message?.role === 'assistant' ? { type: 'assistant_message', turn: event.turn, message } : undefined;
      }
      case 'model_response': {
        // An unreadable message costs the response only its message: timing and the raw stream still hold.
        const { message: at, ...rest } = event.response;
        const message = at === undefined ? undefined : this.messages[at];
        return { type: 'model_response', turn: event.turn, response: message?.role === 'assistant' ? { ...rest, message } : rest };
      }
      case 'user_message': {
        const message = this.messages[event.message];
        return message?.role === 'user' ? { type: 'user_message', message: message satisfies UserMessage } : undefined;
      }
      case 'compaction': {
        const message = this.messages[event.message];
        return message?.role === 'user' ? { ...event, message } : undefined;
      }
      case 'subagent_event': {
        const stored = readEvent(event.event);
        const inner = stored === undefined ? undefined : this.resolve(stored);
        return inner === undefined ? undefined : { ...event, event: inner };
      }
      default:
        return event;
    }
  }
}

/** Words for what reading left out, for the chat; undefined when nothing was. */
export function droppedNotice(dropped: DroppedEvents): string | undefined {
  if (dropped.count === 0 && dropped.chunks === 0) return undefined;
  const parts: string[] = [];
  if (dropped.count > 0) parts.push(dropped.count === 1 ? '1 event' : `${dropped.count} events`);
  if (dropped.chunks > 0) parts.push(dropped.chunks === 1 ? '1 save' : `${dropped.chunks} saves`);
  return `Part of the saved conversation could not be read and was left out (${parts.join(' and ')}); everything shown above was restored as saved.`;
}
