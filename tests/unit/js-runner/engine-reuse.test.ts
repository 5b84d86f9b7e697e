import { describe, expect, it } from 'vitest';
import { loadQuickJS } from '../../../src/sandbox/js-runner/quickjs-loader';
import { node } from './helpers';

describe('JS runner: one QuickJS instance serves many runs', () => {
  it('keeps the cached wasm instance across runs that end in every ordinary way', async () => {
    await node(['-e', '1']);
    const before = await loadQuickJS();
    const programs = [
      "console.log({ a: [1, 2] }); require('assert'); require('util').inspect(new Map())",
      "throw new Error('uncaught')",
      "Promise.reject(new Error('unhandled'))",
      'process.exit(3)',
      'setTimeout(() => {}, 5); setImmediate(() => {}); process.nextTick(() => {})',
      'while (true) {}',
      'new ArrayBuffer(2 ** 30)',
      'function r() { return r() + 1 } r()',
      "require('./missing')",
      'let x = ;',
      "process.on('exit', () => { throw new Error('in exit handler') })",
    ];
    for (const code of programs) await node(['-e', code], {}, { timeoutMs: 200 });
    expect(await loadQuickJS()).toBe(before);
  });
});
