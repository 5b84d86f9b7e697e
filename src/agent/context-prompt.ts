/**
 * The system prompt the app sends: the built-in prompt, then the workspace's project
 * instructions (`AGENTS.md`, `CLAUDE.md`), the git repository's branch and status, then the long-term memory's guide and index. Each is
 * a named part, so the inspector shows what each one added. Built afresh at the start of every
 * run: an edited AGENTS.md or a memory saved in the last run is in the next one. No DOM.
 */
import type { MemoryBook } from '../store/memory-store';
import { errorMessage } from './error-message';
import { gitPromptPart } from './git-prompt';
import { memoryPart } from './memory-prompt';
import { projectInstructionsPart } from './project-instructions';
import type { SystemPromptBuilder } from './session';
import { systemPromptParts, type SystemPart } from './system-prompt';

export interface ContextPromptOptions {
  /** The long-term memory; without it the prompt has no memory part. */
  memory?: MemoryBook;
  /** Wall-clock ms, for the memory's ages. Default Date.now. */
  now?: () => number;
}

export function contextPromptBuilder(options: ContextPromptOptions = {}): SystemPromptBuilder {
  return async (context) => {
    const extraParts: SystemPart[] = [];
    try {
      const instructions = await projectInstructionsPart(context.sandbox);
      if (instructions) extraParts.push(instructions);
    } catch (error) {
      extraParts.push({ label: 'Project instructions', source: 'workspace root', text: `# Project instructions\nThe workspace's AGENTS.md/CLAUDE.md could not be read: ${errorMessage(error)}` });
    }
    try {
      const git = await gitPromptPart(context.sandbox);
      if (git) extraParts.push(git);
    } catch (error) {
      extraParts.push({ label: 'Git', source: 'workspace root', text: `# Git\nThe workspace's git repository could not be read: ${errorMessage(error)}` });
    }
    if (options.memory) {
      const now = (options.now ?? Date.now)();
      try {
        extraParts.push(memoryPart(await options.memory.list(), now, options.memory.problem));
      } catch (error) {
        extraParts.push(memoryPart([], now, `the memory could not be read (${errorMessage(error)}).`));
      }
    }
    return systemPromptParts({ ...context, extraParts });
  };
}
