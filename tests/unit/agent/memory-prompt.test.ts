import { describe, expect, it } from 'vitest';
import { contextPromptBuilder } from '../../../src/agent/context-prompt';
import { MEMORY_INDEX_MAX_LINES, memoryIndex, memoryIndexLine, memoryPart } from '../../../src/agent/memory-prompt';
import { joinSystemParts, type SystemPart } from '../../../src/agent/system-prompt';
import { memoryAge, MemoryStore, type MemoryEntry } from '../../../src/store/memory-store';
import { sandboxWith } from '../tools/context';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 0, 31);

function entry(name: string, updated = NOW, extra: Partial<MemoryEntry> = {}): MemoryEntry {
  return { id: name, name, description: `about ${name}`, type: 'project', body: `body ${name}`, created: updated, updated, ...extra };
}

describe('memory ages', () => {
  it('says nothing within a day, then days, weeks, months and years', () => {
    expect(memoryAge(NOW - 23 * 60 * 60 * 1000, NOW)).toBeUndefined();
    expect(memoryAge(NOW - DAY, NOW)).toBe('saved 1 day ago');
    expect(memoryAge(NOW - 3 * DAY - 5000, NOW)).toBe('saved 3 days ago');
    expect(memoryAge(NOW - 21 * DAY, NOW)).toBe('saved 3 weeks ago');
    expect(memoryAge(NOW - 90 * DAY, NOW)).toBe('saved 3 months ago');
    expect(memoryAge(NOW - 800 * DAY, NOW)).toBe('saved 2 years ago');
  });

  it('shows the age on index lines of entries older than a day only', () => {
    expect(memoryIndexLine(entry('fresh'), NOW)).toBe('- fresh — about fresh (project)');
    expect(memoryIndexLine(entry('old', NOW - 3 * DAY), NOW)).toBe('- old — about old (project; saved 3 days ago)');
  });
});

describe('the memory index', () => {
  it('keeps one line per entry, newest first, and cuts the oldest past the line bound', () => {
    const entries = Array.from({ length: MEMORY_INDEX_MAX_LINES + 5 }, (_, i) => entry(`m${i}`, NOW - i * 1000));
    const index = memoryIndex(entries, NOW);
    expect(index.lines).toHaveLength(MEMORY_INDEX_MAX_LINES);
    expect(index.cut).toBe(5);
    expect(index.lines[0]).toContain('m0 —');
    expect(index.lines.some((line) => line.includes(`m${MEMORY_INDEX_MAX_LINES} `))).toBe(false);
  });

  it('cuts by size too, and the part says how many were cut and how to read them', () => {
    const long = 'd'.repeat(250);
    const entries = Array.from({ length: 150 }, (_, i) => entry(`e${i}`, NOW - i, { description: long }));
    const index = memoryIndex(entries, NOW);
    expect(index.lines.join('\n').length).toBeLessThanOrEqual(25_000);
    expect(index.cut).toBeGreaterThan(0);
    const part = memoryPart(entries, NOW);
    expect(part.text).toContain(`(${index.cut} older entries were cut from this index`);
    expect(part.text).toContain('Memory action "view" without a name lists every entry');
    expect(part.source).toBe(`long-term memory (150 entries, ${index.cut} cut from the index)`);
  });

  it('teaches when to save, and says when the memory is empty', () => {
    const part = memoryPart([], NOW);
    expect(part.label).toBe('Memory');
    expect(part.text).toContain('remember that');
    expect(part.text).toContain('Memory action "save"');
    expect(part.text).toContain('(no memories saved yet)');
  });
});

describe('the context prompt builder', () => {
  it('adds the memory part with the index after the built-in prompt and the project instructions', async () => {
    const memory = new MemoryStore({ inMemory: true, now: () => NOW - 3 * DAY });
    await memory.save({ name: 'test-runner', description: 'The user runs tests with vitest', type: 'user', body: 'vitest, never jest' });
    const sandbox = await sandboxWith({ 'AGENTS.md': 'Be brief.' });
    const build = contextPromptBuilder({ memory, now: () => NOW });
    const parts = (await build({ sandbox, toolNames: ['Read', 'Memory'], date: new Date(NOW) })) as SystemPart[];
    expect(parts.map((part) => part.label)).toEqual(['Glassbox', 'Project instructions', 'Memory']);
    expect(parts[2]?.text).toContain('- test-runner — The user runs tests with vitest (user; saved 3 days ago)');
    expect(parts[2]?.text).not.toContain('vitest, never jest');
    expect(joinSystemParts(parts)).toContain('Be brief.');
  });
});
