import type { PermissionMode, SessionApi } from '../../agent/session-contract';
import type { Sandbox } from '../../sandbox/port';
import type { TabOwnership } from '../../store/tab-ownership';
import type { WorkspacePersistence } from '../../store/workspace-store';

/** What a reload brought back from browser storage (files are already in the sandbox, the log in the session). */
export interface RestoredState {
  /** What the restore had to leave out or could not read, in words for the chat. */
  notice?: string;
  /** The permission mode saved with the conversation. */
  permissionMode?: PermissionMode;
  /** The restored log must be saved again as it now is (converted, repaired or closed). */
  rewrite: boolean;
}

/** What the app needs once the heavy parts (sandbox, agent, tools, model) have loaded. */
export interface Runtime {
  sandbox: Sandbox;
  session: SessionApi;
  /** The prompt of the scripted demo task ("Run demo task"). */
  demoPrompt: string;
  /** Rewind the scripted model to the start of its script (new chat / demo re-run). */
  resetModel: () => void;
  /**
   * Try WebContainer again (the fallback banner's Retry): resolves with a booted WebContainer
   * sandbox, or with the current sandbox when it fell back again. Does not switch anything.
   */
  retryWebContainer: () => Promise<Sandbox>;
  /** Saves the workspace and the conversation as they change (../../store/workspace-store.ts). */
  persistence: WorkspacePersistence;
  /** Whether this tab or another one saves the workspace (../../store/tab-ownership.ts). */
  ownership: TabOwnership;
  restored: RestoredState;
}
