import type { z } from 'zod';
import type { ToolUseBlock } from '../models/messages';
import type { AnyTool } from '../tools/port';

/**
 * Checks one tool call before anything runs. Every failure becomes an error result
 * written for the model: what was wrong, in plain words, so it can fix the call.
 */
export type PreparedCall = { ok: true; tool: AnyTool; input: unknown } | { ok: false; message: string };

/** Longest slice of a malformed input that an error result quotes back. */
const QUOTE_LIMIT = 300;

export function prepareToolCall(
  block: ToolUseBlock,
  toolsByName: ReadonlyMap<string, AnyTool>,
  cutOffByMaxTokens: boolean,
): PreparedCall {
  const tool = toolsByName.get(block.name);
  if (tool === undefined) {
    const available = [...toolsByName.keys()];
    const list = available.length > 0 ? `Available tools: ${available.join(', ')}.` : 'No tools are available.';
    return { ok: false, message: `Unknown tool "${block.name}". ${list}` };
  }
  if (block.rawInput !== undefined) {
    const problem = jsonProblem(block.rawInput);
    if (cutOffByMaxTokens) {
      return {
        ok: false,
        message:
          `Your response hit the output token limit while writing the input of this ${block.name} call, ` +
          `so its JSON is incomplete (${problem}) and it was not run. ` +
          'Try again with a smaller input, e.g. several Edit calls instead of one large Write.',
      };
    }
    return {
      ok: false,
      message: `The input of ${block.name} is not valid JSON: ${problem}. Received: ${quote(block.rawInput)}. Send the input again as one JSON object.`,
    };
  }
  const parsed = (tool.inputSchema as z.ZodType).safeParse(block.input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `- ${describeIssue(issue, block.input)}`);
    return { ok: false, message: `Invalid input for ${block.name}:\n${lines.join('\n')}` };
  }
  return { ok: true, tool, input: parsed.data };
}

function jsonProblem(text: string): string {
  try {
    const value: unknown = JSON.parse(text);
    return `expected a JSON object, got ${kindOf(value)}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function quote(text: string): string {
  return text.length <= QUOTE_LIMIT ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, QUOTE_LIMIT))} (${text.length} characters in all)`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  return `a ${typeof value}`;
}

function pathLabel(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the input';
  let label = '';
  for (const key of path) label += typeof key === 'number' ? `[${key}]` : label === '' ? String(key) : `.${String(key)}`;
  return `"${label}"`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const where = pathLabel(issue.path);
  if (issue.code === 'invalid_type') {
    const actual = valueAt(input, issue.path);
    if (actual === undefined) return `${where} is required (expected ${issue.expected})`;
    return `${where} must be ${issue.expected}, but got ${kindOf(actual)}`;
  }
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  return `${where}: ${issue.message}`;
}
