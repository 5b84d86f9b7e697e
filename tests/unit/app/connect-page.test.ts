import type { ConnectOptions } from '@webcontainer/api/connect';
import { describe, expect, it } from 'vitest';
import { startConnectPage, type ConnectPageEnvironment } from '../../../src/app/preview/connect-page';

function page(overrides: Partial<ConnectPageEnvironment> = {}) {
  const said: string[] = [];
  const calls: Array<ConnectOptions | undefined> = [];
  const env: ConnectPageEnvironment = {
    pathname: '/webcontainer/connect/abc123',
    hasOpener: true,
    loadConnect: async () => ({ setupConnect: (options) => void calls.push(options) }),
    say: (text) => void said.push(text),
    ...overrides,
  };
  return { env, said, calls };
}

describe('the /webcontainer/connect page', () => {
  it('calls setupConnect for a preview tab that opened it', async () => {
    const { env, said, calls } = page();
    expect(await startConnectPage(env)).toBe('connecting');
    expect(calls).toEqual([{}]);
    expect(said.at(-1)).toContain('Relaying the preview tab');
  });

  it('passes the runtime origin through', async () => {
    const { env, calls } = page();
    await startConnectPage(env, { editorOrigin: 'https://runtime.example' });
    expect(calls).toEqual([{ editorOrigin: 'https://runtime.example' }]);
  });

  it('explains itself when opened directly (no opener), without loading the library', async () => {
    let loaded = false;
    const { env, said } = page({
      hasOpener: false,
      loadConnect: async () => {
        loaded = true;
        return { setupConnect: () => undefined };
      },
    });
    expect(await startConnectPage(env)).toBe('no-opener');
    expect(loaded).toBe(false);
    expect(said.at(-1)).toContain('Open the preview from Glassbox again');
  });

  it('says why when the app is not at the origin root (the library insists on the path)', async () => {
    const { env, said, calls } = page({ pathname: '/glassbox/webcontainer/connect/abc' });
    expect(await startConnectPage(env)).toBe('wrong-path');
    expect(calls).toEqual([]);
    expect(said.at(-1)).toContain('/webcontainer/connect/');
  });

  it('reports a failure to load or to connect', async () => {
    const { env, said } = page({ loadConnect: () => Promise.reject(new Error('chunk failed to load')) });
    expect(await startConnectPage(env)).toBe('failed');
    expect(said.at(-1)).toBe('The preview could not be connected: chunk failed to load');
  });
});
