import type { ToolUseBlock } from '../models/messages';
import type { AnyTool } from '../tools/port';
import type { DescribeCall } from './compaction';

/**
 * What compaction asks about the calls in a transcript, answered by the tools themselves (their
 * category and summary), never by tool names: which results may be cleared (reads, searches,
 * command output: they can be run again) and which calls read a file worth re-attaching.
 */
export interface ContextCalls {
  describe: DescribeCall;
  isRead: (use: ToolUseBlock) => boolean;
}

export function contextCalls(tools: readonly AnyTool[], root: string): ContextCalls {
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  return {
    describe(use) {
      const tool = byName.get(use.name);
      if (tool === undefined || (tool.category !== 'read-only' && tool.category !== 'runs-commands')) return undefined;
      try {
        return `${use.name}(${tool.summarize(use.input, { root })})`;
      } catch {
        return use.name;
      }
    },
    isRead(use) {
      return byName.get(use.name)?.category === 'read-only' && typeof use.input['file_path'] === 'string';
    },
  };
}
