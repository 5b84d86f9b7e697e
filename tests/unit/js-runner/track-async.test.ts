import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { trackAsync } from '../../../src/sandbox/js-runner/track-async';

const T = '__glassbox$track';

describe('JS runner: the async-tracking transform', () => {
  it('wraps async functions, methods, arrows and new Promise, keeping every line where it was', () => {
    const source = [
      'async function main(a) { await a; }',
      'const f = async (x) => ({ x });',
      'class C { static async m() { return super.toString(); } }',
      'const o = { async [key]() {} };',
      'const p = new Promise((resolve) => resolve(1));',
    ].join('\n');
    const out = trackAsync(source, parse);
    expect(out.split('\n')).toEqual([
      `      function main(a) {return ${T}((async () => { await a; })());}`,
      `const f =       (x) => ${T}((async () => ({ x }))());`,
      `class C { static       m() {return ${T}((async () => { return super.toString(); })());} }`,
      `const o = {       [key]() {return ${T}((async () => {})());} };`,
      `const p = ${T}(new Promise((resolve) => resolve(1)));`,
    ]);
    expect(() => parse(out, { ecmaVersion: 'latest', sourceType: 'script' })).not.toThrow();
  });

  it('leaves generators, code without async, and unparsable code alone', () => {
    for (const source of ['async function* gen() { yield 1; }', 'const x = 1;', 'async function broken( {']) {
      expect(trackAsync(source, parse)).toBe(source);
    }
  });

  it('keeps `this`, `arguments` and results of the rewritten functions (checked in Node)', async () => {
    const source = [
      'const obj = { v: 2, async twice(n) { return this.v * n * arguments.length; } };',
      'async function sum(...xs) { return xs.reduce((a, b) => a + b, 0); }',
      'module.exports = Promise.all([obj.twice(5), sum(1, 2, 3), (async () => "arrow")()]);',
    ].join('\n');
    const tracked: unknown[] = [];
    const module = { exports: undefined as unknown };
    const run = new Function('module', T, trackAsync(source, parse));
    run(module, (promise: unknown) => (tracked.push(promise), promise));
    expect(await module.exports).toEqual([10, 6, 'arrow']);
    expect(tracked).toHaveLength(3);
  });
});
