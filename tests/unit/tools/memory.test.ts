import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../src/store/memory-store';
import { createMemoryTool, memoryInputSchema } from '../../../src/tools/memory';
import { ToolError } from '../../../src/tools/port';
import { contextFor, sandboxWith, textOf } from './context';

const DAY = 24 * 60 * 60 * 1000;

async function setup(now = 10 * DAY) {
  let clock = now;
  const book = new MemoryStore({ inMemory: true, now: () => clock });
  const tool = createMemoryTool(book, { now: () => clock });
  const context = contextFor(await sandboxWith());
  return { book, tool, context, setClock: (at: number) => (clock = at) };
}

describe('Memory tool', () => {
  it('saves a new entry, then updates it by name keeping the fields left out', async () => {
    const { book, tool, context } = await setup();
    const saved = await tool.run({ action: 'save', name: 'deploy', description: 'How to deploy', type: 'project', body: 'npm run deploy' }, context);
    expect(textOf(saved)).toBe('Saved the memory "deploy" (project). It is in the index of every new conversation.');
    const updated = await tool.run({ action: 'save', name: 'deploy', body: 'npm run ship' }, context);
    expect(textOf(updated)).toContain('Updated the memory "deploy"');
    const [entry] = await book.list();
    expect(entry).toMatchObject({ name: 'deploy', description: 'How to deploy', type: 'project', body: 'npm run ship' });
  });

  it('views one entry with its age, or lists every entry', async () => {
    const { tool, context, setClock } = await setup();
    await tool.run({ action: 'save', name: 'a', description: 'first', type: 'user', body: 'A body' }, context);
    await tool.run({ action: 'save', name: 'b', description: 'second', type: 'feedback', body: 'B body' }, context);
    expect(textOf(await tool.run({ action: 'view', name: 'a' }, context))).toBe('a — first\ntype: user; saved today\n\nA body');
    setClock(13 * DAY);
    expect(textOf(await tool.run({ action: 'view', name: 'a' }, context))).toContain('saved 3 days ago');
    const list = textOf(await tool.run({ action: 'view' }, context));
    expect(list).toContain('2 entries');
    expect(list).toContain('- b — second (feedback; saved 3 days ago)');
  });

  it('deletes by name', async () => {
    const { book, tool, context } = await setup();
    await tool.run({ action: 'save', name: 'gone', description: 'soon gone', type: 'user', body: 'x' }, context);
    expect(textOf(await tool.run({ action: 'delete', name: 'gone' }, context))).toBe('Deleted the memory "gone".');
    expect(await book.list()).toEqual([]);
  });

  it('refuses incomplete or unknown requests with a message for the model', async () => {
    const { tool, context } = await setup();
    await expect(tool.run({ action: 'save', name: 'new', body: 'x' }, context)).rejects.toThrow('missing: description, type');
    await expect(tool.run({ action: 'delete' }, context)).rejects.toThrow('needs the entry\'s name');
    await expect(tool.run({ action: 'view', name: 'nope' }, context)).rejects.toBeInstanceOf(ToolError);
    await expect(tool.run({ action: 'save', name: 'x', description: 'd', type: 'user', body: ' ' }, context)).rejects.toThrow('needs a body');
    expect(memoryInputSchema.safeParse({ action: 'save', type: 'secret' }).success).toBe(false);
  });

  it('describes itself: category, summaries and permission keys per action', async () => {
    const { tool } = await setup();
    expect(tool.category).toBe('other');
    expect(tool.readOnly).toBe(false);
    const root = { root: '/workspace' };
    expect(tool.summarize({ action: 'save', name: 'deploy' }, root)).toBe('save deploy');
    expect(tool.summarize({ action: 'view' }, root)).toBe('view all');
    expect(tool.permission({ action: 'save', name: 'deploy', description: 'd', body: 'b' }, root)).toMatchObject({ title: 'Save the memory "deploy"', ruleKey: 'Memory(save)', detail: 'd\n\nb' });
    expect(tool.permission({ action: 'delete', name: 'deploy' }, root).ruleKey).toBe('Memory(delete)');
  });
});
