import type { ToolUseBlock } from '../models/messages';
import type { AnyTool } from '../tools/port';
import type { ToolCallInfo } from './events';
import { prepareToolCall, type PreparedCall } from './tool-input';

/**
 * A call as events carry it: what the model sent, plus what the tool says about it (its
 * category, and a one-line summary of a valid input), so views show calls without knowing tools.
 */
export function toolCallInfo(block: ToolUseBlock, tool: AnyTool | undefined, prepared: PreparedCall, root: string): ToolCallInfo {
  const info: ToolCallInfo = { id: block.id, name: block.name, input: block.input };
  if (tool === undefined) return info;
  info.category = tool.category;
  if (prepared.ok) {
    const summary = summaryOf(prepared.tool, prepared.input, root);
    if (summary !== undefined) info.summary = summary;
  }
  return info;
}

/** The same for a saved tool_use, e.g. when a restored transcript is shown again. */
export function describeToolUse(block: ToolUseBlock, tools: readonly AnyTool[], root: string): ToolCallInfo {
  const toolsByName = new Map(tools.map((tool) => [tool.name, tool]));
  return toolCallInfo(block, toolsByName.get(block.name), prepareToolCall(block, toolsByName, false), root);
}

function summaryOf(tool: AnyTool, input: unknown, root: string): string | undefined {
  try {
    return tool.summarize(input, { root });
  } catch {
    return undefined; // A view falls back to a generic summary; a summary must never break a run.
  }
}
