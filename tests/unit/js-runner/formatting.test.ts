import { describe, expect, it } from 'vitest';
import { node } from './helpers';

async function out(code: string): Promise<string> {
  const result = await node(['-e', code]);
  expect(result.stderr).toBe('');
  return result.stdout;
}

describe('JS runner: console and util formatting (Node output)', () => {
  it('prints objects the way Node does', async () => {
    expect(await out("console.log({ a: 1, b: 'two', c: [1, 2, 3], d: { e: { f: { g: 1 } } } })")).toBe(
      "{ a: 1, b: 'two', c: [ 1, 2, 3 ], d: { e: { f: [Object] } } }\n",
    );
    expect(await out('console.log([1, 2, 3, 4, 5, 6, 7])')).toBe('[\n  1, 2, 3, 4,\n  5, 6, 7\n]\n');
    expect(await out("console.log(new Map([['k', 1]]), new Set([1]), null, undefined, -0, 10n, Symbol('s'))")).toBe(
      "Map(1) { 'k' => 1 } Set(1) { 1 } null undefined -0 10n Symbol(s)\n",
    );
    expect(await out('class Point { constructor() { this.x = 1 } }; console.log(new Point(), [function named() {}, () => 1, class K {}])')).toBe(
      'Point { x: 1 } [ [Function: named], [Function (anonymous)], [class K] ]\n',
    );
    expect(await out("const o = { name: 'loop' }; o.self = o; console.log(o)")).toBe("<ref *1> { name: 'loop', self: [Circular *1] }\n");
    expect(await out("console.log(['it\\'s'], { 'a-b': 1 }, [ , 1], Object.create(null))")).toBe(
      '[ "it\'s" ] { \'a-b\': 1 } [ <1 empty item>, 1 ] [Object: null prototype] {}\n',
    );
  });

  it('util.format placeholders', async () => {
    expect(await out("console.log('%s has %d items costing %i (%f) %j %o %%', 'cart', 3, 4.5, '1.5', { a: 1 }, [1], 'extra')")).toBe(
      'cart has 3 items costing 4 (1.5) {"a":1} [ 1, [length]: 1 ] % extra\n',
    );
  });

  it('errors inside objects print their stack', async () => {
    const text = await out("console.log({ err: new RangeError('bad range') })");
    expect(text).toMatch(/^\{\n {2}err: RangeError: bad range\n {6}at /);
  });

  it('console.error/warn go to stderr; table, group, count, dir', async () => {
    const result = await node(['-e', "console.error('e'); console.warn('w'); console.table([{ a: 1 }, { a: 2 }]); console.group('g'); console.log('in'); console.groupEnd(); console.count(); console.count(); console.dir({ x: 1 })"]);
    expect(result.stderr).toBe('e\nw\n');
    expect(result.stdout).toBe(
      [
        '┌─────────┬───┐',
        '│ (index) │ a │',
        '├─────────┼───┤',
        '│    0    │ 1 │',
        '│    1    │ 2 │',
        '└─────────┴───┘',
        'g',
        '  in',
        'default: 1',
        'default: 2',
        '{ x: 1 }',
        '',
      ].join('\n'),
    );
  });

  it('util: inherits, promisify, isDeepStrictEqual, types', async () => {
    const code = [
      "const util = require('util');",
      'function A() {} function B() {} util.inherits(B, A);',
      'const wait = util.promisify((ms, cb) => setTimeout(() => cb(null, ms * 2), ms));',
      'wait(5).then((v) => console.log(new B() instanceof A, v, util.isDeepStrictEqual({ a: [1] }, { a: [1] }), util.types.isPromise(wait(1))));',
    ].join('\n');
    expect(await out(code)).toBe('true 10 true true\n');
  });

  it('events, path, os, Buffer, TextEncoder', async () => {
    const code = [
      "const EventEmitter = require('events'); const e = new EventEmitter(); e.on('x', (v) => console.log('event', v)); e.emit('x', 1);",
      "const path = require('path'); console.log(path.join('a', '..', 'b', 'c.js'), path.relative('/a/b', '/a/c'), path.extname('x.test.js'));",
      "console.log(require('os').EOL === '\\n', Buffer.from('hi').toString('base64'), new TextDecoder().decode(new TextEncoder().encode('é')));",
    ].join('\n');
    expect(await out(code)).toBe('event 1\nb/c.js ../c .js\ntrue aGk= é\n');
  });

  it('Node globals: AbortController, EventTarget, crypto, structuredClone, queueMicrotask', async () => {
    const code = [
      "const controller = new AbortController(); controller.signal.addEventListener('abort', () => console.log('abort', controller.signal.reason.name)); controller.abort();",
      "const target = new EventTarget(); target.addEventListener('ping', (event) => console.log('event', event.type), { once: true }); target.dispatchEvent(new Event('ping')); target.dispatchEvent(new Event('ping'));",
      "console.log(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()), require('crypto').randomBytes(8).length);",
      "const copy = structuredClone({ when: new Date(0), set: new Set([1]) }); console.log(copy.when.getTime(), copy.set.has(1));",
      "queueMicrotask(() => console.log('microtask'));",
    ].join('\n');
    expect(await out(code)).toBe('abort AbortError\nevent ping\ntrue 8\n0 true\nmicrotask\n');
  });

  it('timers, immediates, nextTick and promise jobs run in Node order', async () => {
    const code = [
      "setTimeout(() => console.log('timeout'), 0);",
      "setImmediate(() => console.log('immediate'));",
      "process.nextTick(() => console.log('tick'));",
      "Promise.resolve().then(() => console.log('promise'));",
      "console.log('sync');",
    ].join('\n');
    const text = await out(code);
    expect(text.split('\n').slice(0, 3)).toEqual(['sync', 'tick', 'promise']);
    expect(text.split('\n').slice(3).sort()).toEqual(['', 'immediate', 'timeout']);
  });

  it('setInterval, clearTimeout and timer ordering by delay', async () => {
    const code = [
      "const t = setTimeout(() => console.log('cancelled'), 1); clearTimeout(t);",
      "setTimeout(() => console.log('200ms'), 200); setTimeout(() => console.log('100ms'), 100);",
      "let n = 0; const i = setInterval(() => { if (++n === 3) { clearInterval(i); console.log('interval x3'); } }, 1);",
    ].join('\n');
    expect(await out(code)).toBe('interval x3\n100ms\n200ms\n');
  });
});
