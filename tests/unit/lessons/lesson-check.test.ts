import { describe, expect, it } from 'vitest';
import { evaluateCheck, includes } from '../../../src/lessons/lesson-check';
import { lessonCheckSchema, lessonSlug, type LessonCheckContext } from '../../../src/lessons/lesson-format';

function context(overrides: Partial<LessonCheckContext> = {}): LessonCheckContext {
  return {
    readFile: async (path) => ({ 'src/app.js': 'export const answer = 42;\n' } as Record<string, string>)[path],
    decide: async () => 'ask',
    events: () => [{ type: 'tool_call', call: { name: 'Grep', input: { pattern: 'x' } } } as { type: string }],
    memories: async () => ['The user prefers pnpm'],
    ...overrides,
  };
}

describe('lesson checks', () => {
  it('checks a file for a text and a pattern', async () => {
    expect((await evaluateCheck({ kind: 'file', description: 'd', path: 'src/app.js', contains: '42' }, context())).passed).toBe(true);
    const missing = await evaluateCheck({ kind: 'file', description: 'd', path: 'src/app.js', matches: 'answer = 7' }, context());
    expect(missing).toEqual({ passed: false, detail: 'src/app.js does not match /answer = 7/' });
    expect((await evaluateCheck({ kind: 'file', description: 'd', path: 'gone.txt', exists: false }, context())).passed).toBe(true);
    expect((await evaluateCheck({ kind: 'file', description: 'd', path: 'nope.txt' }, context())).detail).toBe('nope.txt does not exist yet');
  });

  it('asks the permission gate and names the decision it got', async () => {
    const check = { kind: 'permission', description: 'd', tool: 'Bash', input: { command: 'npm test' }, decision: 'allow' } as const;
    expect(await evaluateCheck(check, context())).toEqual({ passed: false, detail: 'Bash(npm test) is decided "ask", not "allow"' });
    expect((await evaluateCheck(check, context({ decide: async () => 'allow' }))).passed).toBe(true);
  });

  it('counts events that partly match', async () => {
    expect((await evaluateCheck({ kind: 'event', description: 'd', type: 'tool_call', match: { call: { name: 'Grep' } } }, context())).passed).toBe(true);
    const none = await evaluateCheck({ kind: 'event', description: 'd', type: 'tool_call', match: { call: { name: 'Write' } } }, context());
    expect(none.detail).toBe('the session has 0 matching tool_call events (needs 1)');
  });

  it('needs every part of an "all" check and names the first that fails', async () => {
    const verdict = await evaluateCheck(
      { kind: 'all', description: 'd', checks: [{ kind: 'memory', description: 'remembers pnpm', contains: 'pnpm' }, { kind: 'memory', description: 'remembers yarn', contains: 'yarn' }] },
      context(),
    );
    expect(verdict).toEqual({ passed: false, detail: 'remembers yarn: no memory mentions "yarn"' });
  });

  it('matches arrays item by item and refuses a bad regular expression quietly', async () => {
    expect(includes({ a: [{ b: 1 }, { b: 2 }] }, { a: [{ b: 2 }] })).toBe(true);
    expect(includes({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect((await evaluateCheck({ kind: 'file', description: 'd', path: 'src/app.js', matches: '(' }, context())).passed).toBe(false);
  });

  it('reads checks through the schema and lesson folders into slugs', () => {
    expect(lessonCheckSchema.safeParse({ kind: 'all', description: 'd', checks: [{ kind: 'memory', description: 'm', contains: 'x' }] }).success).toBe(true);
    expect(lessonCheckSchema.safeParse({ kind: 'file', description: 'd' }).success).toBe(false);
    expect(lessonSlug('03-permissions-and-modes')).toBe('permissions-and-modes');
    expect(lessonSlug('lesson-3')).toBeUndefined();
  });
});
