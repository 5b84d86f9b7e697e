/**
 * A check context over one lane: its sandbox's files, its own permission gate (the lane's rules,
 * in the default mode, as the check format says), its event log and its memory. No DOM.
 */
import { gatherCallFacts } from '../../agent/call-facts';
import { decidePermission } from '../../agent/permissions';
import type { Session } from '../../agent/session';
import type { MemoryBook } from '../../store/memory-store';
import { findTool } from '../../tools/registry';
import { toAbsolute } from '../../tools/paths';
import type { AnyTool } from '../../tools/port';
import type { LessonCheckContext } from '../lesson-format';

export function laneCheckContext(session: Session, tools: readonly AnyTool[], memory: MemoryBook): LessonCheckContext {
  const sandbox = session.sandbox;
  return {
    async readFile(path) {
      try {
        return await sandbox.fs.readText(toAbsolute(sandbox.root, path));
      } catch {
        return undefined;
      }
    },
    async decide(name, input) {
      const tool = findTool(tools, name);
      if (tool === undefined) return 'deny';
      const parsed = tool.inputSchema.safeParse(input);
      if (!parsed.success) return 'deny';
      // The agent may have written the rules during the run: read them as they are now.
      await session.reloadWorkspaceRules();
      const facts = await gatherCallFacts(tool, tool.permission(parsed.data, { root: sandbox.root }), sandbox);
      return decidePermission(session.permissionRules.all(), 'default', facts).behavior;
    },
    events: () => session.log.map(({ event }) => event),
    memories: async () => (await memory.list()).map((entry) => `${entry.name}\n${entry.description}\n${entry.body}`),
  };
}
