import type { z } from 'zod';
import type { Sandbox } from '../sandbox/port';
import type { ImageBlock, TextBlock } from '../models/messages';
import type { AskUser } from './user-input';

/**
 * What permission rules match a call against (src/agent/rule-matching.ts):
 * - command: a shell command line, parsed into simple commands before matching `Bash(…)` rules;
 * - path: a file the call reads or edits, as the model gave it; `Read(…)` rules match read access
 *   and `Edit(…)` rules edit access, whichever tool it is (as in Claude Code);
 * - url: a web address, matched by `Tool(domain:host)` rules.
 */
export type PermissionSubject =
  | { kind: 'command'; command: string }
  | { kind: 'path'; access: 'read' | 'edit'; path: string }
  | { kind: 'url'; url: string };

/**
 * What a tool asks permission for: the prompt a user sees and the rule key that
 * "Allow for this session" remembers (e.g. `Bash(npm test)`, `Edit(src/app.ts)`).
 */
export interface PermissionDescriptor {
  /** One line for the prompt, e.g. "Run `npm test`". */
  title: string;
  /** Optional longer detail (a diff, the full command). */
  detail?: string;
  /** How to show `detail`: a unified diff (Edit, Write over a file) or plain text (the default). */
  detailFormat?: 'text' | 'diff';
  /** Rule key, `Tool(specifier)`. */
  ruleKey: string;
  /** What rules match against; without it only a bare tool-name rule (or the exact rule key) matches. */
  subject?: PermissionSubject;
}

/** What the session remembers of a file the agent read, so Edit can refuse stale or unread files. */
export interface FileReadRecord {
  /** Modification time at the moment of the read. */
  mtimeMs: number;
  /** Content hash (or the content itself for small files) to detect changes when mtime is coarse. */
  contentHash: string;
}

export interface ToolContext {
  sandbox: Sandbox;
  signal: AbortSignal;
  /** Absolute path → what was read. Shared by every tool call in a session. */
  readLedger: Map<string, FileReadRecord>;
  /** Report progress (e.g. streamed shell output) while the tool runs. */
  onProgress?: (text: string) => void;
  /**
   * A note to attach to the read of a file (absolute path), e.g. the instruction files
   * (`AGENTS.md`) of its folder the first time the agent reads there; undefined when none.
   */
  notesForRead?: (path: string) => Promise<string | undefined>;
  /** Ask the user and wait for the answer (AskUserQuestion, ExitPlanMode); absent where nobody can answer. */
  askUser?: AskUser;
  /**
   * Runs a sub-agent for this call (the Agent tool): the loop hands this in, so tools never import
   * it. Absent where sub-agents cannot run (inside a sub-agent, or a bare tool test).
   */
  runSubagent?: (request: SubagentRequest) => Promise<ToolResult>;
}

/** What the Agent tool asks the loop for: a sub-agent of a type, with a task. */
export interface SubagentRequest {
  /** The agent type's name, e.g. `general-purpose`, `Explore` or a custom one. */
  type: string;
  /** A few words for the chat. */
  description: string;
  /** The whole task: the sub-agent sees nothing else of the conversation. */
  prompt: string;
}

/** An agent type as the Agent tool's description lists it to the model. */
export interface SubagentTypeSummary {
  name: string;
  description: string;
  /** The tools it gets, when limited. */
  tools?: readonly string[];
}

export interface ToolResult {
  content: string | Array<TextBlock | ImageBlock>;
  isError?: boolean;
}

/**
 * What a tool does to the workspace, so policies and views ask the tool instead of listing names:
 * `acceptEdits` lets `edits-files` run, the chat can group or mark calls by it.
 * - read-only: only looks (Read, Glob, Grep);
 * - edits-files: changes files in the workspace and nothing else (Write, Edit);
 * - runs-commands: runs programs, which may do anything the sandbox allows (Bash);
 * - other: anything else (e.g. talks to the network or to the user).
 */
export type ToolCategory = 'read-only' | 'edits-files' | 'runs-commands' | 'other';

export interface Tool<Schema extends z.ZodType = z.ZodType> {
  name: string;
  /** The prompt text the model sees. */
  description: string;
  inputSchema: Schema;
  /**
   * The input's JSON Schema exactly as the model should see it, for a tool defined by one (a
   * workspace tool: its author's schema, word for word); without it the schema is exported from
   * `inputSchema`. `inputSchema` still validates every call.
   */
  inputJsonSchema?: Readonly<Record<string, unknown>>;
  /** Never changes the workspace or runs code; never asks permission. True exactly when `category` is `read-only`. */
  readOnly: boolean;
  category: ToolCategory;
  /** Safe to run in parallel with other concurrency-safe calls. */
  concurrencySafe: boolean;
  permission(input: z.infer<Schema>, context: { root: string }): PermissionDescriptor;
  /**
   * One line describing a call for the chat: the command, the path, the pattern in a path…
   * Plain text, possibly long or multi-line; the view shortens it.
   */
  summarize(input: z.infer<Schema>, context: { root: string }): string;
  /**
   * Optional richer descriptor that may look at the workspace, e.g. a diff against the file on
   * disk for Write/Edit. When present, the permission gate should prefer it over `permission`
   * (which stays the synchronous fallback). Never changes anything.
   */
  describePermission?(input: z.infer<Schema>, context: ToolContext): Promise<PermissionDescriptor>;
  run(input: z.infer<Schema>, context: ToolContext): Promise<ToolResult>;
  /** False: never offered to a sub-agent (the Agent tool: sub-agents do not nest; the tools that ask the user). Default true. */
  availableToSubagents?: boolean;
  /** False while the tool cannot work (WebSearch without a search API key): then it is not offered to the model. Read each time tools are described. Default true. */
  available?: () => boolean;
}

/** A tool whose input type has been erased, as stored in a registry. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds tools of every input type
export type AnyTool = Tool<any>;

/** A thrown error that tools use for expected failures; becomes a clean error result. */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}
