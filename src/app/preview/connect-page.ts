import type { ConnectOptions } from '@webcontainer/api/connect';

/**
 * The `/webcontainer/connect/<id>` page. A preview opened in a tab of its own (the preview
 * panel's "Open preview in new tab") lives on another origin than the WebContainer that serves
 * it; the library sends that tab here, to a page of the app's own origin, whose `setupConnect`
 * embeds the runtime's connect frame and relays messages between it and the preview tab that
 * opened this one. Without this page that tab ends on a 404 (bolt.diy had to add one too).
 * setupConnect throws when the path is not /webcontainer/connect/… or the page has no opener.
 */
export interface ConnectPageEnvironment {
  pathname: string;
  hasOpener: boolean;
  /** Loads @webcontainer/api/connect (its own chunk). */
  loadConnect(): Promise<{ setupConnect(options?: ConnectOptions): void }>;
  /** Shows a sentence on the page. */
  say(text: string): void;
}

export const CONNECT_PATH_PREFIX = '/webcontainer/connect/';

export type ConnectOutcome = 'connecting' | 'wrong-path' | 'no-opener' | 'failed';

export async function startConnectPage(env: ConnectPageEnvironment, options: ConnectOptions = {}): Promise<ConnectOutcome> {
  if (!env.pathname.startsWith(CONNECT_PATH_PREFIX)) {
    // The library only accepts this path at the origin's root: an app served under a sub-path
    // (e.g. GitHub Pages' /<repo>/) cannot relay previews to new tabs.
    env.say(`Previews in a new tab need this page at ${CONNECT_PATH_PREFIX}… on the site's root; it is at ${env.pathname}.`);
    return 'wrong-path';
  }
  if (!env.hasOpener) {
    env.say('This page only works when a preview opened in a new tab sends you here. Open the preview from Glassbox again.');
    return 'no-opener';
  }
  try {
    const { setupConnect } = await env.loadConnect();
    setupConnect(options);
    env.say('Relaying the preview tab to your Glassbox tab. This tab closes by itself when the preview no longer needs it.');
    return 'connecting';
  } catch (error) {
    env.say(`The preview could not be connected: ${error instanceof Error ? error.message : String(error)}`);
    return 'failed';
  }
}
