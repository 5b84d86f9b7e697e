import { describe, expect, it } from 'vitest';
import { node } from './helpers';

describe('JS runner: isolation from the page', () => {
  it('has no fetch, IndexedDB, DOM, XMLHttpRequest, cookies or storage', async () => {
    const names = ['fetch', 'indexedDB', 'document', 'window', 'XMLHttpRequest', 'WebSocket', 'localStorage', 'sessionStorage', 'navigator', 'location', 'caches', 'Worker', 'importScripts', 'postMessage', 'self', 'parent', 'top'];
    const code = `console.log(JSON.stringify(${JSON.stringify(names)}.filter((name) => typeof globalThis[name] !== 'undefined')))`;
    const result = await node(['-e', code]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('[]\n');
  });

  it("cannot reach the host's global object through constructors", async () => {
    const code = [
      "const viaFunction = Function('return this')();",
      "const viaConstructor = (() => {}).constructor('return globalThis')();",
      'console.log(viaFunction === globalThis, viaConstructor === globalThis, typeof viaFunction.document, typeof viaFunction.fetch);',
    ].join('\n');
    expect((await node(['-e', code])).stdout).toBe('true true undefined undefined\n');
  });

  it('the host bridge is not exposed to the program', async () => {
    const code = "console.log(Object.getOwnPropertyNames(globalThis).filter((n) => /host|^internal$|glassbox|quickjs/i.test(n)))";
    expect((await node(['-e', code])).stdout).toBe('[]\n');
  });

  it('sees only the workspace copy, not the host filesystem', async () => {
    const result = await node(['-e', "const fs = require('fs'); console.log(fs.readdirSync('/'), fs.existsSync('/etc/passwd'), fs.existsSync('/proc'))"]);
    expect(result.stdout).toBe("[ 'workspace' ] false false\n");
  });
});
