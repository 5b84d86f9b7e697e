/**
 * The agent's todo list as the chat shows it: folded from its TodoWrite calls (./fold.ts), so it
 * is the same live and after a reload. Only a call the tool accepted (no error result) changes the
 * list. Kept free of the tool module (and zod): the fold is part of the first paint.
 */

export type TodoStatus = 'pending' | 'in_progress' | 'completed';

export interface TodoEntry {
  content: string;
  status: TodoStatus;
  activeForm: string;
}

/** The tool whose calls set the list (src/tools/todo-write.ts). */
export const TODO_TOOL = 'TodoWrite';

const STATUSES: ReadonlySet<string> = new Set<TodoStatus>(['pending', 'in_progress', 'completed']);

function isTodo(value: unknown): value is TodoEntry {
  if (typeof value !== 'object' || value === null) return false;
  const { content, status, activeForm } = value as Record<string, unknown>;
  return typeof content === 'string' && typeof activeForm === 'string' && typeof status === 'string' && STATUSES.has(status);
}

/** The list a finished call set, or undefined when the call was not an accepted TodoWrite. */
export function todosFromCall(toolName: string, input: Record<string, unknown>, isError: boolean): TodoEntry[] | undefined {
  if (toolName !== TODO_TOOL || isError) return undefined;
  const todos = input['todos'];
  if (!Array.isArray(todos) || !todos.every(isTodo)) return undefined;
  return todos.map(({ content, status, activeForm }) => ({ content, status, activeForm }));
}

/** Counts for the list's heading. */
export function todoProgress(todos: readonly TodoEntry[]): { done: number; total: number; current?: TodoEntry } {
  const current = todos.find((todo) => todo.status === 'in_progress');
  return { done: todos.filter((todo) => todo.status === 'completed').length, total: todos.length, ...(current ? { current } : {}) };
}
