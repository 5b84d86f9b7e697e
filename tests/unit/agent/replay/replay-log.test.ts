/** A replay's events are part of the session's log: they survive a save and a reload, and fold to the same chat. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Session } from '../../../../src/agent/session';
import { recordRun } from '../../../../src/agent/replay/recorded-run';
import { ReplayModelClient } from '../../../../src/agent/replay/replay-client';
import { ReplayGate } from '../../../../src/agent/replay/replay-gate';
import { playRecording } from '../../../../src/agent/replay/replay-run';
import { foldLog } from '../../../../src/app/state/fold';
import { ScriptedModelClient } from '../../../../src/models/scripted';
import { openGlassboxDb } from '../../../../src/store/db';
import { WorkspaceStore } from '../../../../src/store/workspace-store';
import { fakeTool, stubSandbox } from '../fakes';

function sessionOn(files: Map<string, string>, script: ConstructorParameters<typeof ScriptedModelClient>[0]['script'], maxTurns?: number) {
  const read = fakeTool({
    name: 'Read',
    readOnly: true,
    schema: z.object({ file_path: z.string() }),
    run: (input) => ({ content: files.get(String(input.file_path)) ?? 'missing' }),
  });
  return new Session({
    sandbox: stubSandbox(),
    model: new ScriptedModelClient({ script }),
    tools: [read],
    permissionMode: 'bypass',
    systemPrompt: 'You are a test.',
    ...(maxTurns === undefined ? {} : { settings: { maxTurns } }),
  });
}

describe('a replay in the stored log', () => {
  it('keeps the divergence notice and the recording_exhausted ending across a reload', async () => {
    const script = [
      { text: 'Reading.', toolCalls: [{ name: 'Read', input: { file_path: 'a.txt' } }] },
      { text: 'Again.', toolCalls: [{ name: 'Read', input: { file_path: 'a.txt' } }] },
      { text: 'Done.' },
    ];
    const original = sessionOn(new Map([['a.txt', 'alpha']]), script, 2);
    expect(await original.send('Read a twice')).toBe('max_turns');
    const replaySession = sessionOn(new Map([['a.txt', 'ALPHA']]), []);
    const gate = new ReplayGate({ speed: 'instant' });
    const client = new ReplayModelClient({ recording: recordRun(original.log), gate, report: (event) => replaySession.record(event), onDivergence: () => gate.play() });
    expect((await playRecording(replaySession, client)).reasons).toEqual(['recording_exhausted']);

    const live = foldLog(replaySession.log);
    const notice = live.items.find((item) => item.kind === 'notice' && item.divergence !== undefined);
    expect(notice).toMatchObject({ text: 'Replay diverged at step 1 of 2: Read returned something different from the recording.', divergence: { expected: 'alpha', actual: 'ALPHA' } });
    expect(live.items.at(-1)).toMatchObject({ kind: 'run_end', reason: 'recording_exhausted', text: 'Stopped: the recording has no more answers' });

    const name = `glassbox-replay-log-${Date.now()}`;
    const store = () => new WorkspaceStore({ open: () => openGlassboxDb({ name }) });
    expect(await store().saveConversation({ log: replaySession.log, permissionMode: 'default' })).toEqual({ persisted: true });
    const loaded = (await store().loadConversation()).value;
    expect(loaded).toBeDefined();
    expect(foldLog(loaded?.log ?? [])).toEqual(live);
  });
});
