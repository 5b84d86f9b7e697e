/**
 * "Branch here" in step mode: the paused step is saved as a what-if branch — a new workspace with
 * the files as they are now and a session waiting at this very step — while the original run stays
 * paused where it is. "Open the branch" leaves the original waiting at its step too (so it can be
 * resumed later and the two compared), then goes on in the branch from exactly that step, with
 * step mode on so the step can be changed before it happens.
 *
 * Loaded with the step panel; the harness and store code it drives load on the first click.
 */
import type { StepPause } from '../../agent/step-controller';
import type { OpenSessionPointer } from '../../store/db';
import { app } from '../state/app-store.svelte';
import { sessionsModel } from '../sessions/sessions.svelte';
import { stepMode } from './step-mode.svelte';

export interface SavedBranch {
  pointer: OpenSessionPointer;
  workspaceName: string;
  /** The step it was taken at (the panel offers to open it while that step is shown). */
  pause: StepPause;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** "turn 2", "Bash in turn 2": the step, for names and lines. */
function stepWords(pause: StepPause, turn: number): string {
  if (pause.kind === 'request') return `turn ${turn}`;
  return pause.kind === 'tool' ? `${pause.call.name} in turn ${turn}` : `${pause.call.name}'s result in turn ${turn}`;
}

class BranchHere {
  busy = $state(false);
  error: string | null = $state(null);
  /** The branch saved last. */
  saved: SavedBranch | null = $state.raw(null);

  /** Save the what-if branch of the step shown; the run stays paused here. */
  async branch(pause: StepPause): Promise<void> {
    const runtime = app.runtime;
    if (this.busy || !runtime) return;
    this.busy = true;
    this.error = null;
    try {
      const [{ branchLog }, { saveBranch }, { listSessions, listWorkspaces, sessionTitle }] = await Promise.all([
        import('../../agent/branch-point'),
        import('../../store/branch-workspace'),
        import('../../store/session-catalog'),
      ]);
      const log = branchLog(runtime.session.log, pause, Date.now());
      const end = log.at(-1)?.event;
      const turn = end?.type === 'run_end' && end.branch ? end.branch.turn : 1;
      const files = await runtime.sandbox.snapshot();
      await runtime.persistence.flush();
      const target = runtime.persistence.target;
      const pointer = await runtime.persistence.withDb(async (db) => {
        const [workspaces, sessions] = await Promise.all([listWorkspaces(db, target.workspaceId), listSessions(db, target.workspaceId)]);
        const workspace = workspaces.find((candidate) => candidate.id === target.workspaceId)?.name ?? 'My workspace';
        const current = sessions.find((candidate) => candidate.id === target.sessionId);
        const title = current ? sessionTitle(current) : 'Session';
        const where = stepWords(pause, turn);
        const workspaceName = `${workspace} · branch at ${where}`;
        const saved = await saveBranch(db, {
          workspaceName,
          sessionName: `${title} (branch at ${where})`,
          files,
          log,
          permissionMode: app.permissionMode,
          from: { sessionId: target.sessionId, prompts: log.filter(({ event }) => event.type === 'run_start').length },
        });
        return { saved, workspaceName };
      });
      this.saved = { pointer: pointer.saved, workspaceName: pointer.workspaceName, pause };
    } catch (error) {
      this.error = `Could not save the branch: ${messageOf(error)}`;
    } finally {
      this.busy = false;
    }
  }

  /** Leave the original waiting at its step (if it still is) and go on in the saved branch from there. */
  async open(): Promise<void> {
    const saved = this.saved;
    const runtime = app.runtime;
    if (this.busy || !saved || !runtime) return;
    this.busy = true;
    this.error = null;
    try {
      const pause = stepMode.pause;
      if (pause !== null) {
        const { branchLog } = await import('../../agent/branch-point');
        await app.replaceConversation(branchLog(runtime.session.log, pause, Date.now()), app.permissionMode);
      }
      if (!(await sessionsModel.switchWorkspace(saved.pointer.workspaceId))) throw new Error(sessionsModel.error ?? 'the workspace did not open.');
      this.saved = null;
      await stepMode.setOn(true);
    } catch (error) {
      this.error = `Could not open the branch: ${messageOf(error)}`;
      return;
    } finally {
      this.busy = false;
    }
    void app.resume();
  }
}

export const branchHere = new BranchHere();
