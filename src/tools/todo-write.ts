import { z } from 'zod';
import { ToolError, type Tool } from './port';

export const TODO_STATUSES = ['pending', 'in_progress', 'completed'] as const;
export type TodoStatus = (typeof TODO_STATUSES)[number];

const todoSchema = z.object({
  content: z.string().min(1).describe('What needs doing, in the imperative, e.g. "Run the tests".'),
  status: z.enum(TODO_STATUSES),
  activeForm: z.string().min(1).describe('The same in the present continuous, shown while it is in progress, e.g. "Running the tests".'),
});

export const todoWriteInputSchema = z.object({
  todos: z.array(todoSchema).describe('The whole updated todo list (it replaces the previous one).'),
});

export type Todo = z.infer<typeof todoSchema>;

/**
 * The todo list a TodoWrite input holds, or why it is not one: every item needs its words, and at
 * most one item is in progress at a time.
 */
export function checkTodos(todos: readonly Todo[]): string | undefined {
  const blank = todos.findIndex((todo) => todo.content.trim() === '' || todo.activeForm.trim() === '');
  if (blank >= 0) return `Todo ${blank + 1} has an empty content or activeForm.`;
  const inProgress = todos.filter((todo) => todo.status === 'in_progress').length;
  if (inProgress > 1) return `${inProgress} todos are in_progress: keep exactly one in_progress at a time (mark finished ones completed).`;
  return undefined;
}

export const todoWriteTool: Tool<typeof todoWriteInputSchema> = {
  name: 'TodoWrite',
  description: `Creates and updates your todo list for the current task; the user sees it live beside the chat.
Use it for tasks with three or more steps, or when the user gives several tasks: write the list first, then keep it current.
- Send the whole list each time (it replaces the previous one). Each item: content (imperative), activeForm (present continuous), status.
- Exactly one item is in_progress while you work: mark it in_progress before starting it, completed as soon as it is done (do not batch completions).
- Add items you discover along the way; remove ones that no longer apply. Only mark an item completed when it is really done (tests pass, no errors).
- Skip it for a single, trivial step or a plain question.`,
  inputSchema: todoWriteInputSchema,
  // It changes nothing but the list the user sees: it never asks.
  readOnly: true,
  category: 'read-only',
  concurrencySafe: false,

  permission() {
    return { title: 'Update the todo list', ruleKey: 'TodoWrite' };
  },

  summarize(input) {
    const done = input.todos.filter((todo) => todo.status === 'completed').length;
    const current = input.todos.find((todo) => todo.status === 'in_progress');
    return `${done}/${input.todos.length} done${current ? `: ${current.activeForm}` : ''}`;
  },

  async run(input) {
    const problem = checkTodos(input.todos);
    if (problem !== undefined) throw new ToolError(`The todo list was not updated. ${problem}`);
    return {
      content:
        'Todos have been modified successfully. Keep using the todo list to track your progress, and proceed with the current task if there is one.',
    };
  },
};
