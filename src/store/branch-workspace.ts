/**
 * "Branch here" keeps a what-if run apart from the original: a new workspace holding the files as
 * they were at the branch point, with one session whose log waits at that step (see
 * ../agent/branch-point.ts) and the original session's past checkpoints, so Rewind works in it
 * too. All or nothing: a branch that cannot be saved whole leaves nothing behind. No DOM.
 */
import type { LoggedEvent } from '../agent/event-log';
import type { PermissionMode } from '../agent/session-contract';
import type { Snapshot } from '../sandbox/port';
import { copyCheckpoints } from './checkpoints';
import type { GlassboxDb, OpenSessionPointer } from './db';
import { createWorkspace, deleteSession, writeNewSession } from './session-catalog';
import { WorkspaceFiles } from './workspace-files';

export interface BranchToSave {
  /** The new workspace's name. */
  workspaceName: string;
  sessionName: string;
  files: Snapshot;
  /** The session's log, ending at the branch point. */
  log: readonly LoggedEvent[];
  permissionMode: PermissionMode;
  /** The session branched from, and how many of its prompts (with their checkpoints) the branch keeps. */
  from: { sessionId: string; prompts: number };
}

/** Where the saved branch is: its workspace and session. */
export async function saveBranch(db: GlassboxDb, branch: BranchToSave, now: number = Date.now()): Promise<OpenSessionPointer> {
  const workspace = await createWorkspace(db, branch.workspaceName, now);
  let sessionId: string | undefined;
  try {
    const { tooBig } = await new WorkspaceFiles(workspace.id).save(db, branch.files);
    if (tooBig.length > 0) throw new Error(`${tooBig.join(', ')} ${tooBig.length === 1 ? 'is' : 'are'} too big to keep in browser storage.`);
    sessionId = await writeNewSession(db, workspace.id, branch.log, branch.permissionMode, now, branch.sessionName);
    await copyCheckpoints(db, branch.from.sessionId, sessionId, branch.from.prompts);
    await db.put('workspaces', { ...workspace, lastSessionId: sessionId });
    return { workspaceId: workspace.id, sessionId };
  } catch (error) {
    await removeWorkspace(db, workspace.id, sessionId).catch(() => undefined);
    throw error;
  }
}

/** Undo a branch that could not be saved whole: its files, its session and its workspace. */
async function removeWorkspace(db: GlassboxDb, workspaceId: string, sessionId: string | undefined): Promise<void> {
  await new WorkspaceFiles(workspaceId).save(db, { files: {} });
  if (sessionId !== undefined) await deleteSession(db, sessionId);
  await db.delete('workspaces', workspaceId);
}
