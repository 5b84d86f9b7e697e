// The browser-test hook the app sets once booted (see src/app/state/app-store.svelte.ts).
import type { SessionApi } from '../../src/agent/session-contract';
import type { Sandbox } from '../../src/sandbox/port';

declare global {
  interface Window {
    __glassbox?: { sandbox: Sandbox; session: SessionApi };
  }
}
