import { z } from 'zod';
import { MEMORY_TYPES, MemoryError, memoryAge, type MemoryBook, type MemoryEntry } from '../store/memory-store';
import { ToolError, type PermissionDescriptor, type Tool } from './port';

export const memoryInputSchema = z.object({
  action: z.enum(['view', 'save', 'delete']).describe('view: list every entry (no name) or show one entry (name); save: create or update the entry named `name`; delete: remove it.'),
  name: z.string().optional().describe('The entry\'s short unique name, e.g. "prefers-pnpm". Required for save and delete.'),
  description: z.string().optional().describe('save: one line saying what the entry is about (shown in the index).'),
  type: z.enum(MEMORY_TYPES).optional().describe('save: user, feedback, project or reference.'),
  body: z.string().optional().describe('save: what to remember, in full.'),
});

export type MemoryInput = z.infer<typeof memoryInputSchema>;

/** "saved today" within a day, else its age, "saved 3 days ago" (the model weighs a memory by its age). */
function savedWhen(entry: MemoryEntry, now: number): string {
  return memoryAge(entry.updated, now) ?? 'saved today';
}

function line(entry: MemoryEntry, now: number): string {
  return `- ${entry.name} — ${entry.description} (${entry.type}; ${savedWhen(entry, now)})`;
}

function permission(input: MemoryInput): PermissionDescriptor {
  const name = input.name?.trim() ?? '';
  switch (input.action) {
    case 'view':
      return { title: name ? `Read the memory "${name}"` : 'List the memories', ruleKey: 'Memory(view)' };
    case 'save':
      return {
        title: `Save the memory "${name}"`,
        detail: [input.description, input.body].filter((part) => part !== undefined && part !== '').join('\n\n'),
        ruleKey: 'Memory(save)',
      };
    case 'delete':
      return { title: `Delete the memory "${name}"`, ruleKey: 'Memory(delete)' };
  }
}

export interface MemoryToolOptions {
  /** Wall-clock ms, for the ages shown. Default Date.now. */
  now?: () => number;
}

/**
 * The Memory tool: the agent's long-term memory, kept outside the workspace (in the browser's
 * own database), so it outlives sessions and workspaces. See the README (Memory) for why a
 * tool rather than a memory directory the file tools edit.
 */
export function createMemoryTool(book: MemoryBook, options: MemoryToolOptions = {}): Tool<typeof memoryInputSchema> {
  const now = options.now ?? Date.now;
  return {
    name: 'Memory',
    description: `Views, saves and deletes entries of your long-term memory, which outlives this conversation and this workspace. Its index (one line per entry) is in your instructions under "# Memory".
- action "save" with name, description (one line), type and body creates an entry, or updates the entry with that name (fields you leave out keep their values).
- action "view" with a name shows that entry's body; without a name it lists every entry.
- action "delete" with a name removes the entry.
- Save when the user asks you to remember something, and for lasting facts, preferences and corrections that will matter in later conversations. Never save secrets.`,
    inputSchema: memoryInputSchema,
    readOnly: false,
    category: 'other',
    concurrencySafe: false,

    permission: (input) => permission(input),

    summarize(input) {
      const name = input.name?.trim();
      if (input.action === 'view') return name ? `view ${name}` : 'view all';
      return `${input.action} ${name ?? '(no name)'}`;
    },

    async run(input) {
      const name = input.name?.trim() ?? '';
      const at = now();
      try {
        if (input.action === 'view') {
          if (name === '') {
            const entries = await book.list();
            if (entries.length === 0) return { content: 'The memory is empty.' };
            return { content: `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}, most recent first:\n${entries.map((entry) => line(entry, at)).join('\n')}` };
          }
          const entry = await book.find(name);
          if (!entry) throw new ToolError(`There is no memory named "${name}". Use action "view" without a name to list them.`);
          return { content: `${entry.name} — ${entry.description}\ntype: ${entry.type}; ${savedWhen(entry, at)}\n\n${entry.body}` };
        }
        if (name === '') throw new ToolError(`action "${input.action}" needs the entry's name.`);
        if (input.action === 'delete') {
          const entry = await book.find(name);
          if (!entry) throw new ToolError(`There is no memory named "${name}"; nothing was deleted.`);
          await book.delete(entry.id);
          return { content: `Deleted the memory "${entry.name}".` };
        }
        const existing = await book.find(name);
        const description = input.description ?? existing?.description;
        const type = input.type ?? existing?.type;
        const body = input.body ?? existing?.body;
        if (description === undefined || type === undefined || body === undefined) {
          const missing = [description === undefined && 'description', type === undefined && 'type', body === undefined && 'body'].filter(Boolean).join(', ');
          throw new ToolError(`A new memory needs a description, a type and a body; missing: ${missing}.`);
        }
        const { entry, created } = await book.save({ ...(existing ? { id: existing.id } : {}), name: existing?.name ?? name, description, type, body });
        return { content: `${created ? 'Saved' : 'Updated'} the memory "${entry.name}" (${entry.type}). It is in the index of every new conversation.` };
      } catch (error) {
        if (error instanceof MemoryError) throw new ToolError(error.message);
        throw error;
      }
    },
  };
}
