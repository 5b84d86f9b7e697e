import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../../src/agent/event-log';
import { resumePointOf } from '../../../src/agent/branch-point';
import { changesBackTo, recordCheckpoint } from '../../../src/store/checkpoints';
import { openGlassboxDb } from '../../../src/store/db';
import { saveBranch } from '../../../src/store/branch-workspace';
import { listSessions, listWorkspaces } from '../../../src/store/session-catalog';
import { WorkspaceStore } from '../../../src/store/workspace-store';

let counter = 0;
const freshName = (): string => `glassbox-branch-test-${(counter += 1)}-${Date.now()}`;

/** A run left before the request of turn 1. */
const parked: LoggedEvent[] = [
  { at: 1, event: { type: 'run_start', runId: 'r1', prompt: 'Fix the bug', at: 1 } },
  { at: 1, event: { type: 'user_message', message: { role: 'user', content: 'Fix the bug' } } },
  { at: 2, event: { type: 'run_end', reason: 'branched', detail: 'Left at a branch point.', at: 2, branch: { step: 'request', turn: 1 } } },
];

describe('saving a what-if branch', () => {
  it('is a workspace of its own: the files of the branch point, a session waiting there, the past checkpoints', async () => {
    const name = freshName();
    const db = await openGlassboxDb({ name });
    await recordCheckpoint(db, 'original', 0, [{ path: 'a.txt', previous: 'before the run' }], 1);
    const pointer = await saveBranch(db, {
      workspaceName: 'My workspace · branch at turn 1',
      sessionName: 'Fix the bug (branch at turn 1)',
      files: { files: { 'a.txt': 'at the branch point', 'bin/logo.png': new Uint8Array([1, 2, 3]) } },
      log: parked,
      permissionMode: 'plan',
      from: { sessionId: 'original', prompts: 1 },
    }, 10);

    expect((await listWorkspaces(db)).map((workspace) => workspace.name)).toContain('My workspace · branch at turn 1');
    const [session] = await listSessions(db, pointer.workspaceId);
    expect(session?.id).toBe(pointer.sessionId);
    expect(session?.name).toBe('Fix the bug (branch at turn 1)');

    const store = new WorkspaceStore({ open: () => openGlassboxDb({ name }) });
    store.retarget(pointer);
    expect((await store.loadWorkspace()).value?.files).toEqual({ 'a.txt': 'at the branch point', 'bin/logo.png': new Uint8Array([1, 2, 3]) });
    const loaded = (await store.loadConversation()).value;
    expect(loaded?.permissionMode).toBe('plan');
    expect(resumePointOf(loaded?.log ?? [])?.branch).toEqual({ step: 'request', turn: 1 });
    // Rewind in the branch still reaches back before its first prompt.
    expect(await changesBackTo(db, pointer.sessionId, 0)).toEqual(new Map([['a.txt', 'before the run']]));
    db.close();
  });

  it('leaves nothing behind when it cannot be saved whole', async () => {
    const name = freshName();
    const db = await openGlassboxDb({ name });
    const before = (await listWorkspaces(db)).length;
    await expect(
      saveBranch(db, { workspaceName: 'Too big', sessionName: 'x', files: { files: { 'huge.bin': new Uint8Array(200 * 1024 * 1024) } }, log: parked, permissionMode: 'default', from: { sessionId: 'none', prompts: 0 } }),
    ).rejects.toThrow(/huge\.bin is too big/);
    expect(await listWorkspaces(db)).toHaveLength(before);
    expect(await db.count('files')).toBe(0);
    db.close();
  });
});
