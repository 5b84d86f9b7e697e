import type { SessionApi } from '../../agent/session-contract';
import type { Sandbox } from '../../sandbox/port';

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
}
