import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/agent/events';
import { ContextNotes, reminderBlocks, systemReminder } from '../../../src/agent/context-notes';
import { PreviewErrorLog } from '../../../src/agent/preview-errors';
import { Session } from '../../../src/agent/session';
import { transcriptProblems } from '../../../src/agent/transcript';
import type { Message, UserBlock } from '../../../src/models/messages';
import { ScriptedModelClient, type ScriptStep } from '../../../src/models/scripted';
import type { PreviewError, Sandbox } from '../../../src/sandbox/port';
import { describeWebContainer } from '../../../src/sandbox/webcontainer/description';
import { eventsOf, fakeTool, stubSandbox } from './fakes';

/** A stub sandbox that can emit preview errors, like the WebContainer adapter does. */
function previewSandbox(overrides: Partial<Pick<Sandbox, 'kind' | 'root' | 'describe'>> = {}) {
  const listeners = new Set<(error: PreviewError) => void>();
  const sandbox: Sandbox = {
    ...stubSandbox(),
    ...overrides,
    onPreviewError(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { sandbox, listeners, emit: (error: PreviewError) => listeners.forEach((listener) => listener(error)) };
}

/** What a WebContainer sandbox is, without booting one. */
const webContainerLike = {
  kind: 'webcontainer',
  root: '/home/project',
  describe: () => describeWebContainer({ node: true, npm: true, preview: true, watch: true, mergedOutput: true }),
} as const;

const boom: PreviewError = {
  kind: 'uncaught-exception',
  message: 'ReferenceError: count is not defined',
  stack: 'ReferenceError: count is not defined\n    at render (http://localhost:5173/src/main.js:4:3)\n    at http://localhost:5173/src/main.js:9:1',
  port: 5173,
  location: '/',
};

function textsOf(message: Message | undefined): string[] {
  if (!message || typeof message.content === 'string') return message ? [message.content as string] : [];
  return (message.content as UserBlock[]).flatMap((block) => (block.type === 'text' ? [block.text] : []));
}

function sessionOn(sandbox: Sandbox, script: ScriptStep[], run?: () => void) {
  const model = new ScriptedModelClient({ script, chunkDelayMs: 0 });
  const session = new Session({
    sandbox,
    model,
    tools: [fakeTool({ name: 'Echo', run: () => (run?.(), { content: 'echoed' }) })],
    permissionMode: 'bypass',
    today: () => new Date('2025-01-02T00:00:00Z'),
  });
  const events: AgentEvent[] = [];
  session.subscribe((event) => events.push(event));
  return { session, events };
}

describe('context notes', () => {
  it('wrap text in a system-reminder and replace pending notes with the same key', () => {
    expect(systemReminder('  hello \n')).toBe('<system-reminder>\nhello\n</system-reminder>');
    const notes = new ContextNotes();
    notes.add('first', 'sandbox');
    notes.add('other');
    notes.add('second', 'sandbox');
    expect(notes.size).toBe(2);
    expect(notes.drain()).toEqual(['second', 'other']);
    expect(notes.drain()).toEqual([]);
    expect(reminderBlocks(['x'])).toEqual([{ type: 'text', text: '<system-reminder>\nx\n</system-reminder>' }]);
  });
});

describe('PreviewErrorLog', () => {
  it('is silent when nothing happened', () => {
    expect(new PreviewErrorLog().drainNote()).toBeUndefined();
  });

  it('describes each distinct error once, with a repeat count, port, location and stack frames', () => {
    const log = new PreviewErrorLog();
    log.add(boom);
    log.add(boom);
    log.add({ kind: 'console-error', message: 'Failed to fetch /api/items\nstatus 500', port: 5173, location: '/list?page=2' });
    const note = log.drainNote() ?? '';
    expect(note).toContain('The app preview reported errors');
    expect(note).toContain('- Uncaught exception (×2) on port 5173 at /: ReferenceError: count is not defined');
    expect(note).toContain('    at render (http://localhost:5173/src/main.js:4:3)');
    // The stack's first line repeats the message: not shown twice.
    expect(note.match(/count is not defined/g)).toHaveLength(1);
    expect(note).toContain('- console.error on port 5173 at /list?page=2: Failed to fetch /api/items ⏎ status 500');
    expect(log.drainNote()).toBeUndefined();
  });

  it('keeps the newest distinct errors, clips long messages and long stacks', () => {
    const log = new PreviewErrorLog({ maxEntries: 2, maxMessageChars: 50, maxStackLines: 1 });
    for (const n of [1, 2, 3]) log.add({ kind: 'unhandled-rejection', message: `error ${n} ${'x'.repeat(80)}`, port: 3000, location: '/', stack: 'at a (a.js:1:1)\nat b (b.js:2:2)\nat c (c.js:3:3)' });
    const note = log.drainNote() ?? '';
    expect(note).not.toContain('error 1');
    expect(note).toContain('error 2');
    expect(note).toContain('error 3');
    expect(note).toContain('(1 older distinct error not shown)');
    expect(note).toContain('…');
    expect(note).toContain('    at a (a.js:1:1)');
    expect(note).toContain('    … 2 more frames');
    expect(note).not.toContain('b.js');
  });
});

describe('Session: preview errors reach the model', () => {
  it('appends a note to the next prompt, before the user text, exactly once', async () => {
    const { sandbox, emit } = previewSandbox(webContainerLike);
    const { session } = sessionOn(sandbox, [{ text: 'Fixed.' }, { text: 'Anything else?' }]);
    emit(boom);
    expect(session.pendingNoteCount).toBe(1);
    await session.send('The page is blank, why?');
    const first = session.messages[0];
    const texts = textsOf(first);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(/^<system-reminder>\nThe app preview reported errors/);
    expect(texts[0]).toContain('ReferenceError: count is not defined');
    expect(texts[1]).toBe('The page is blank, why?');
    expect(session.pendingNoteCount).toBe(0);

    await session.send('Thanks');
    expect(session.messages[2]).toEqual({ role: 'user', content: 'Thanks' });
    expect(transcriptProblems(session.messages)).toEqual([]);
  });

  it('delivers errors raised during a run after that round\'s tool results', async () => {
    const { sandbox, emit } = previewSandbox(webContainerLike);
    const { session, events } = sessionOn(
      sandbox,
      [{ toolCalls: [{ name: 'Echo', input: { value: 'edit' } }] }, { text: 'Saw the error.' }],
      () => emit(boom),
    );
    await session.send('Change the counter');
    const requests = eventsOf(events, 'model_request');
    expect(requests).toHaveLength(2);
    const lastUser = requests[1]?.request.messages.at(-1);
    expect(lastUser?.role).toBe('user');
    const blocks = lastUser && typeof lastUser.content !== 'string' ? lastUser.content : [];
    expect(blocks.map((block) => block.type)).toEqual(['tool_result', 'text']);
    expect(textsOf(lastUser)[0]).toContain('count is not defined');
    expect(transcriptProblems(session.messages)).toEqual([]);
  });

  it('follows the sandbox: a swap unsubscribes the old one, tells the model and clears the read ledger', async () => {
    const offline = previewSandbox();
    const web = previewSandbox(webContainerLike);
    const { session } = sessionOn(offline.sandbox, [{ text: 'Hi.' }, { text: 'OK.' }]);
    await session.send('Hello');
    session.readLedger.set('/workspace/a.js', { hash: 'h', readAt: 1 } as never);

    session.setSandbox(web.sandbox);
    expect(session.sandbox).toBe(web.sandbox);
    expect(offline.listeners.size).toBe(0);
    expect(web.listeners.size).toBe(1);
    expect(session.readLedger.size).toBe(0);
    offline.emit(boom); // from the disposed sandbox: ignored
    web.emit({ ...boom, message: 'TypeError: x is undefined', stack: undefined });

    await session.send('Go on');
    const texts = textsOf(session.messages[2]);
    expect(texts).toHaveLength(3);
    expect(texts[0]).toContain('The sandbox changed: you now run in a WebContainer (workspace /home/project)');
    expect(texts[0]).toContain('copied from /workspace to /home/project');
    expect(texts[1]).toContain('TypeError: x is undefined');
    expect(texts[1]).not.toContain('count is not defined');
    expect(texts[2]).toBe('Go on');
    expect(session.systemPrompt).toContain('WebContainer');
  });

  it('says nothing about a swap before the conversation starts, and refuses a swap during a run', async () => {
    const offline = previewSandbox();
    const web = previewSandbox(webContainerLike);
    const { session } = sessionOn(offline.sandbox, [{ text: 'A slow answer with several words.' }]);
    session.setSandbox(web.sandbox);
    expect(session.pendingNoteCount).toBe(0);
    const run = session.send('Hello');
    expect(() => session.setSandbox(offline.sandbox)).toThrow(/while a run is in progress/);
    await run;
  });

  it('reset drops pending notes', () => {
    const { sandbox, emit } = previewSandbox(webContainerLike);
    const { session } = sessionOn(sandbox, []);
    emit(boom);
    session.reset();
    expect(session.pendingNoteCount).toBe(0);
  });
});
