/**
 * A workspace tool's definition file, `.glassbox/tools/<name>.json`: the tool as the model sees it
 * (name, description, JSON Schema of the input) and the command that runs it in the sandbox.
 *
 *   {
 *     "description": "Counts the lines, words and characters of a text file.",
 *     "input_schema": { "type": "object", "properties": { "path": { "type": "string" } }, "required": ["path"] },
 *     "command": "node .glassbox/tools/word-count.js",
 *     "timeout": 30
 *   }
 *
 * The shape mirrors an Anthropic tool definition (and an MCP tool's), plus `command`. A file that
 * cannot be used gets one sentence saying why; nothing of it is half-used.
 */
import { z } from 'zod';

/** Letters, digits, `_` and `-`, starting with a letter: a valid tool name for the providers and a permission rule. */
export const WORKSPACE_TOOL_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
export const DEFAULT_WORKSPACE_TOOL_TIMEOUT_SECONDS = 60;
export const MAX_WORKSPACE_TOOL_TIMEOUT_SECONDS = 600;
/** Used when a file gives no `input_schema`: a tool that takes no input. */
const NO_INPUT: Readonly<Record<string, unknown>> = { type: 'object', properties: {} };

const fileSchema = z.strictObject({
  name: z.string().regex(WORKSPACE_TOOL_NAME).optional(),
  description: z.string().trim().min(1),
  input_schema: z.record(z.string(), z.unknown()).optional(),
  command: z.string().trim().min(1),
  timeout: z.number().int().min(1).max(MAX_WORKSPACE_TOOL_TIMEOUT_SECONDS).optional(),
});

/** A definition that can be used: everything the tool object needs. */
export interface WorkspaceToolDefinition {
  name: string;
  description: string;
  /** The author's JSON Schema, sent to the model as written. */
  inputJsonSchema: Readonly<Record<string, unknown>>;
  /** The same schema as zod, which checks each call's input before anything runs. */
  inputSchema: z.ZodType;
  /** A shell command, run from the workspace root. */
  command: string;
  timeoutSeconds: number;
  /** Where it was defined, relative to the workspace root, e.g. `.glassbox/tools/word_count.json`. */
  file: string;
}

export type ParsedWorkspaceTool = { ok: true; definition: WorkspaceToolDefinition } | { ok: false; problem: string };

/** Fields people write by habit from other tool formats, and the one this format calls them. */
const FIELD_ALIASES: Record<string, string> = {
  inputSchema: 'input_schema',
  'input-schema': 'input_schema',
  parameters: 'input_schema',
  schema: 'input_schema',
  cmd: 'command',
  run: 'command',
  script: 'command',
  timeoutMs: 'timeout',
  timeout_ms: 'timeout',
};

/** Reads one definition file. `file` is its path from the workspace root; its base name is the default tool name. */
export function parseWorkspaceToolFile(text: string, file: string): ParsedWorkspaceTool {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return problem(`is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return problem('must hold one JSON object with "description", "input_schema" and "command"');
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) return problem(describeIssues(parsed.error.issues, data as Record<string, unknown>));
  const fields = parsed.data;
  const baseName = (file.split('/').pop() ?? file).replace(/\.json$/, '');
  const name = fields.name ?? baseName;
  if (!WORKSPACE_TOOL_NAME.test(name)) {
    return problem(`needs a "name" (its file name "${baseName}" is not a tool name: use letters, digits, "_" or "-", starting with a letter)`);
  }
  const inputJsonSchema = fields.input_schema ?? NO_INPUT;
  if (inputJsonSchema.type !== 'object') {
    return problem('has an "input_schema" whose "type" is not "object": a tool\'s input is always an object, e.g. { "type": "object", "properties": { … } }');
  }
  let inputSchema: z.ZodType;
  try {
    inputSchema = z.fromJSONSchema(inputJsonSchema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (error) {
    return problem(`has an "input_schema" that is not a JSON Schema Glassbox can check (${error instanceof Error ? error.message : String(error)})`);
  }
  return {
    ok: true,
    definition: {
      name,
      description: fields.description,
      inputJsonSchema,
      inputSchema,
      command: fields.command,
      timeoutSeconds: fields.timeout ?? DEFAULT_WORKSPACE_TOOL_TIMEOUT_SECONDS,
      file,
    },
  };
}

function problem(text: string): ParsedWorkspaceTool {
  return { ok: false, problem: text };
}

/** The schema's complaints, one clause each, in the words of this format. */
function describeIssues(issues: readonly z.core.$ZodIssue[], data: Record<string, unknown>): string {
  // A misspelt field first, and then not again as the field that is missing.
  const misspelt = new Set(issues.flatMap((issue) => (issue.code === 'unrecognized_keys' ? issue.keys.map((key) => FIELD_ALIASES[key]) : [])));
  const rest = issues.filter((issue) => issue.code !== 'unrecognized_keys' && !(misspelt.has(String(issue.path[0])) && data[String(issue.path[0])] === undefined));
  const ordered = [...issues.filter((issue) => issue.code === 'unrecognized_keys'), ...rest];
  return ordered.map((issue) => describeIssue(issue, data)).join('; ');
}

function describeIssue(issue: z.core.$ZodIssue, data: Record<string, unknown>): string {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys
      .map((key) => {
        const meant = FIELD_ALIASES[key];
        return meant === undefined ? `has an unknown field "${key}" (the fields are name, description, input_schema, command and timeout)` : `has "${key}" where this format says "${meant}"`;
      })
      .join('; ');
  }
  const field = String(issue.path[0] ?? '');
  const missing = data[field] === undefined;
  switch (field) {
    case 'description':
      return missing ? 'needs a "description": what the tool does and when to use it (the model reads it)' : '"description" must be a non-empty string';
    case 'command':
      return missing
        ? 'needs a "command": the shell command that runs the tool, e.g. "node .glassbox/tools/word-count.js"'
        : '"command" must be a non-empty string (a shell command, run from the workspace root)';
    case 'name':
      return `"name" must be letters, digits, "_" or "-", starting with a letter, at most 64 characters (got ${JSON.stringify(data.name)})`;
    case 'input_schema':
      return '"input_schema" must be a JSON Schema object, e.g. { "type": "object", "properties": { … } }';
    case 'timeout':
      return `"timeout" is in seconds: a whole number from 1 to ${MAX_WORKSPACE_TOOL_TIMEOUT_SECONDS}`;
    default:
      return `${field === '' ? 'the file' : `"${field}"`}: ${issue.message}`;
  }
}
