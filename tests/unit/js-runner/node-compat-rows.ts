/** Rows of the Node-compatibility table (node-compat.test.ts): small programs whose output must match real Node. */
export interface Row {
  name: string;
  code: string;
  /** Why the guest cannot match Node here; `expected` is then the guest's pinned output. */
  differs?: string;
  expected?: string;
  /** The guest's stderr, when the program writes any (default: none). */
  stderr?: string;
}

const CORE = [
  'assert',
  'assert/strict',
  'buffer',
  'console',
  'crypto',
  'events',
  'fs',
  'fs/promises',
  'os',
  'path',
  'path/posix',
  'process',
  'readline',
  'string_decoder',
  'timers',
  'timers/promises',
  'url',
  'util',
  'util/types',
];

export const ROWS: Row[] = [
  // ---- require ------------------------------------------------------------------------------
  {
    name: 'require of every supported core module, bare and node:-prefixed, is the same object',
    code: `const names = ${JSON.stringify(CORE)};
for (const n of names) { const a = require(n), b = require('node:' + n); console.log(n, typeof a, a === b); }`,
  },
  {
    name: 'main exports of core modules',
    code: `console.log(typeof require('events'), typeof require('events').EventEmitter, require('events') === require('events').EventEmitter,
typeof require('assert'), typeof require('assert').strict, typeof require('buffer').Buffer, require('buffer').Buffer === Buffer,
typeof require('util').inspect, typeof require('path').posix.join, require('path').sep, require('path').delimiter, typeof require('util').types.isDate)`,
  },

  // ---- fs.promises ---------------------------------------------------------------------------
  {
    name: 'fs.promises write, append, read (utf8 and Buffer), readdir, stat, unlink',
    code: `const fsp = require('fs').promises; const os = require('os'); const path = require('path');
(async () => {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'compat-'));
  const f = path.join(dir, 'a.txt');
  await fsp.writeFile(f, 'hello ');
  await fsp.appendFile(f, 'wörld');
  console.log(await fsp.readFile(f, 'utf8'));
  const buf = await fsp.readFile(f);
  console.log(Buffer.isBuffer(buf), buf.length, buf.toString('hex'));
  await fsp.mkdir(path.join(dir, 'sub/deep'), { recursive: true });
  console.log((await fsp.readdir(dir)).sort());
  const st = await fsp.stat(f);
  console.log(st.isFile(), st.isDirectory(), st.size);
  await fsp.unlink(f);
  try { await fsp.readFile(f); } catch (e) { console.log(e.code, e.syscall, e.message.replace(dir, '<dir>')); }
  await fsp.rm(dir, { recursive: true });
})();`,
  },
  {
    name: 'require("fs/promises") is fs.promises; writeFile with { encoding }',
    code: `const fsp = require('fs/promises'); const path = require('path'); const os = require('os');
(async () => {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'compat-'));
  const f = path.join(dir, 'b.json');
  await fsp.writeFile(f, JSON.stringify({ a: [1, 2] }), { encoding: 'utf8' });
  console.log(fsp === require('fs').promises, JSON.parse(await fsp.readFile(f, { encoding: 'utf8' })));
  await fsp.rm(dir, { recursive: true, force: true });
})();`,
  },

  // ---- assert --------------------------------------------------------------------------------
  {
    name: 'assert.deepStrictEqual failure: message, code, operator',
    code: `const assert = require('assert');
try { assert.deepStrictEqual({ a: 1, b: [1, 2] }, { a: 1, b: [1, 3] }); } catch (e) {
  console.log(e.name, e.code, e.operator, e.generatedMessage);
  console.log(e.message);
}`,
  },
  {
    name: 'assert.deepStrictEqual failure on primitives and on types',
    code: `const assert = require('assert');
for (const [a, b] of [[1, 2], [1, '1'], [[1], { 0: 1 }]]) {
  try { assert.deepStrictEqual(a, b); } catch (e) { console.log(JSON.stringify(e.message)); }
}`,
  },
  {
    name: 'assert.strictEqual / equal / ok / throws messages',
    code: `const assert = require('assert');
const msg = (f) => { try { f(); return 'no throw'; } catch (e) { return e.code + ' | ' + e.message; } };
console.log(msg(() => assert.strictEqual(1, 2)));
console.log(msg(() => assert.strictEqual('a', 'b', 'custom message')));
console.log(msg(() => assert.deepStrictEqual({ a: 1 }, { a: 2 }, 'custom deep')), msg(() => assert.strictEqual({ a: 1 }, { a: 1 }, 'ignored')));
console.log(msg(() => assert.strictEqual(1, 2, '')), msg(() => assert.equal(1, 2, 'loose')), msg(() => assert.ok(0, 'ok msg')), msg(() => assert.ok(0)));
console.log(msg(() => assert.notStrictEqual(1, 1)));
console.log(msg(() => assert.throws(() => {})));
console.log(msg(() => assert.throws(() => { throw new TypeError('x'); }, RangeError)).split('\\n')[0]);
console.log(msg(() => assert.throws(() => { throw new Error('a'); }, /b/)), msg(() => assert.throws(() => { throw new Error('a'); }, { message: 'b' })));
console.log(msg(() => assert.throws(() => { throw new Error('a'); }, { message: 'b' }, 'mine')), msg(() => assert.doesNotThrow(() => { throw new Error('a'); })));
console.log(msg(() => assert.ok(true)), msg(() => assert.deepStrictEqual(new Map([[1, { a: 1 }]]), new Map([[1, { a: 1 }]]))));
console.log(msg(() => assert.deepEqual({ a: 1 }, { a: '1' })), msg(() => assert.notDeepStrictEqual({ a: 1 }, { a: '1' })));`,
  },
  {
    name: 'assert.rejects, assert.match, assert.fail',
    code: `const assert = require('assert');
(async () => {
  await assert.rejects(Promise.reject(new Error('boom')), /boom/);
  try { await assert.rejects(Promise.resolve(1)); } catch (e) { console.log(e.code, e.message); }
  try { assert.match('abc', /x/); } catch (e) { console.log(e.code, JSON.stringify(e.message)); }
  try { assert.fail('nope'); } catch (e) { console.log(e.code, e.message); }
})();`,
  },

  // ---- util.inspect --------------------------------------------------------------------------
  {
    name: 'util.inspect: nested objects and arrays, depth',
    code: `const util = require('util');
const o = { a: 1, b: 'two', c: [1, [2, [3, [4, [5]]]]], d: { e: { f: { g: { h: 1 } } } }, 'k-y': null, u: undefined };
console.log(util.inspect(o));
console.log(util.inspect(o, { depth: 0 }));
console.log(util.inspect(o, { depth: Infinity }));
console.log(util.inspect(o, { compact: false }));
console.log(util.inspect(Array.from({ length: 120 }, (_, i) => i)));
console.log(util.inspect({ longer: 'x'.repeat(60), another: 'y'.repeat(30) }));`,
  },
  {
    name: 'util.inspect: Maps, Sets, class instances, getters, symbols',
    code: `const util = require('util');
class Point { constructor() { this.x = 1; this.y = { z: [1, 2] }; } }
class Empty {}
console.log(util.inspect(new Map([['a', { b: 1 }], [{ k: 1 }, [1, 2]]])));
console.log(util.inspect(new Set([1, 'two', [3]])));
console.log(util.inspect(new Point()), util.inspect(new Empty()), util.inspect([new Point()]));
console.log(util.inspect({ get g() { return 1; }, set s(v) {}, [Symbol('sym')]: 2 }));
console.log(util.inspect(new Map()), util.inspect(new WeakMap()), util.inspect(Object.create(null)));
console.log(util.inspect([1, , 3]), util.inspect(Object.assign([1, 2], { extra: true })));`,
  },
  {
    name: 'util.inspect: circular references',
    code: `const util = require('util');
const a = { name: 'a' }; a.self = a; a.list = [a, { back: a }];
console.log(util.inspect(a));
const arr = [1]; arr.push(arr);
console.log(util.inspect(arr));
const m = new Map(); m.set('me', m);
console.log(util.inspect(m));`,
  },
  {
    name: 'util.inspect: primitives, strings, functions, dates, regexps, typed arrays, Buffer',
    code: `const util = require('util');
console.log(util.inspect('it\\'s "q"'), util.inspect("plain"), util.inspect(-0), util.inspect(12n), util.inspect(Symbol('s')));
console.log(util.inspect(function named() {}), util.inspect(() => {}), util.inspect(class A {}), util.inspect(class B extends Array {}));
console.log(util.inspect(new Date(0)), util.inspect(/a+b/gi), util.inspect(new Uint8Array([1, 2, 3])));
console.log(util.inspect(Buffer.from('hi')), util.inspect(new ArrayBuffer(2)));
console.log(util.inspect(Promise.resolve(4)), util.inspect(new Promise(() => {})), util.inspect(Promise.reject(3).catch(() => {}) && 1));
console.log(util.inspect(new Number(3)), util.inspect(new String('s')), util.inspect([null, undefined, NaN]));`,
  },
  {
    name: 'util.format',
    code: `const util = require('util');
console.log(util.format('%s:%s', 'a'), util.format('%d %i %f', '42', 42.9, '1.5'), util.format('%j', { a: [1] }));
console.log(util.format('%s', { a: { b: { c: 1 } } }), util.format('%s', [1, [2]]), util.format('%s', 5n), util.format('%s', Symbol('x')));
console.log(util.format('%o', { a: 1 }), util.format('%O', { a: { b: 1 } }), util.format('%c%s', 'color: red', 'x'));
console.log(util.format('no placeholders', 1, 'two', { three: 3 }), util.format(1, 2), util.format('%% %s'), util.format('%s', null, undefined));
const c = {}; c.c = c; console.log(util.format('%j', c));`,
  },
  {
    name: 'util helpers: inherits, promisify, types, isDeepStrictEqual',
    code: `const util = require('util');
function A() {} function B() {} util.inherits(B, A);
const wait = util.promisify((ms, cb) => setTimeout(() => cb(null, ms), ms));
wait(1).then((v) => console.log(new B() instanceof A, B.super_ === A, v, util.isDeepStrictEqual({ a: [1] }, { a: [1] }),
  util.types.isPromise(wait(1)), util.types.isRegExp(/x/), util.types.isDate(new Date()), util.types.isMap(new Map())));`,
  },

  // ---- Buffer --------------------------------------------------------------------------------
  {
    name: 'Buffer encodings: utf8, hex, base64, base64url, latin1, ascii, utf16le',
    code: `const s = 'héllo wörld ✓ 😀';
for (const enc of ['utf8', 'hex', 'base64', 'base64url', 'latin1', 'ascii', 'utf16le', 'binary', 'ucs2']) {
  const b = Buffer.from(s, 'utf8');
  const text = b.toString(enc);
  console.log(enc, b.length, JSON.stringify(text), Buffer.from(text, enc).length, Buffer.byteLength(text, enc));
}
console.log(Buffer.from('aGk', 'base64').toString(), Buffer.from('_-8', 'base64url'), Buffer.from('zz12', 'hex'), Buffer.from('ÿ', 'latin1'));`,
  },
  {
    name: 'Buffer.concat, compare, equals, slice, write/read ints',
    code: `const a = Buffer.from('abc'), b = Buffer.from([100, 101]);
const c = Buffer.concat([a, b]);
console.log(c, c.toString(), Buffer.concat([a, b], 4).toString(), Buffer.concat([]).length);
console.log(Buffer.compare(a, b), Buffer.compare(b, a), Buffer.compare(a, Buffer.from('abc')), a.compare(b), a.equals(Buffer.from('abc')), a.equals(b));
console.log([Buffer.from('b'), Buffer.from('a'), Buffer.from('ab')].sort(Buffer.compare).map(String));
const w = Buffer.alloc(10);
w.writeUInt32BE(0xdeadbeef, 0); w.writeInt16LE(-2, 4); w.writeUInt8(255, 6);
console.log(w, w.readUInt32BE(0).toString(16), w.readInt16LE(4), w.readUInt8(6), w.subarray(0, 2), w.slice(-2));
console.log(Buffer.isBuffer(a), Buffer.isBuffer(new Uint8Array(1)), a instanceof Uint8Array, Buffer.alloc(3, 'ab'), Buffer.from(a.buffer, a.byteOffset, 2).length >= 2);
console.log(a.toJSON(), JSON.stringify(b), a.indexOf('c'), a.includes('bc'), Buffer.from('xyz').reverse().toString());`,
  },

  {
    name: 'Buffer: base64url everywhere an encoding is taken; inspect of long buffers; atob/btoa; isUtf8',
    code: `const b = Buffer.alloc(8);
console.log(b.write('_-8', 0, 'base64url'), b.write('AQ', 3, 2, 'base64url'), b, Buffer.byteLength('_-8A', 'base64url'), Buffer.isEncoding('base64url'), Buffer.isEncoding('nope'));
console.log(Buffer.from('hello').indexOf('bGw', 0, 'base64url'), Buffer.alloc(4, 'AQI', 'base64url'), Buffer.from([251, 255]).toString('base64url', 1));
console.log(Buffer.alloc(60, 1), Buffer.alloc(51));
console.log(btoa('hi\u00ff'), atob('aGn/'), atob(' aGk= '));
try { atob('*'); } catch (e) { console.log(e.name); }
const { isUtf8, constants, kMaxLength } = require('buffer');
console.log(isUtf8(Buffer.from('✓')), isUtf8(Buffer.from([0xff])), isUtf8(new Uint8Array([0xe2, 0x9c])), typeof constants.MAX_LENGTH, typeof kMaxLength);`,
  },
  {
    name: 'Buffer/TextDecoder UTF-8: BOM, invalid bytes, start/end arguments',
    code: `const bom = Buffer.from([0xef, 0xbb, 0xbf, 0x61]);
console.log(JSON.stringify([bom.toString(), bom.toString('utf8', 3), new TextDecoder().decode(bom), new TextDecoder('utf-8', { ignoreBOM: true }).decode(bom)]));
console.log(JSON.stringify(Buffer.from([0x61, 0xff, 0xe2, 0x82, 0x62, 0xf0, 0x9f]).toString()), Buffer.byteLength('é✓😀'), Buffer.from('é✓😀').length, Buffer.from('\\ud800x').toString('hex'));
console.log(['\\udc00\\udc00', 'a\\ud83d', '\\ud83d\\ude00\\ude00', '\\ud83d\\ud83d\\ude00'].map((s) => Buffer.from(s).toString('hex') + '/' + new TextEncoder().encode(s).length + '/' + Buffer.byteLength(s)).join(' '));
const b = Buffer.from('abcdef');
console.log(JSON.stringify([b.toString('utf8', -1, 2), b.toString('utf8', 2), b.toString('utf8', 4, 2), b.toString('utf8', 1.5, 3.7), b.toString('utf8', NaN, 3), b.toString('utf8', 0, NaN), b.toString(undefined, '1', '3'), b.toString('utf8', 10), b.toString('utf8', 0, -1), b.toString('UTF-8', 1, 2)]));`,
  },
  {
    name: 'string_decoder: multi-byte characters split across writes',
    code: `const { StringDecoder } = require('string_decoder');
const d = new StringDecoder('utf8'); const bytes = Buffer.from('€ and 😀');
let out = ''; for (const byte of bytes) out += d.write(Buffer.from([byte]));
console.log(JSON.stringify(out + d.end()), JSON.stringify(new StringDecoder('utf8').end(Buffer.from([0xe2, 0x82]))));
const h = new StringDecoder('hex'); console.log(h.write(Buffer.from('ab')), h.end(Buffer.from('c')), new StringDecoder('base64').write(Buffer.from('abcd')), new StringDecoder().encoding);`,
  },

  // ---- events --------------------------------------------------------------------------------
  {
    name: 'EventEmitter: on, once, prepend, listenerCount, removeListener, eventNames',
    code: `const EventEmitter = require('events');
const e = new EventEmitter();
const seen = [];
const f = (v) => seen.push('on:' + v);
e.on('x', f); e.once('x', (v) => seen.push('once:' + v)); e.prependListener('x', (v) => seen.push('first:' + v));
console.log(e.listenerCount('x'), EventEmitter.listenerCount(e, 'x'), e.eventNames());
console.log(e.emit('x', 1), e.emit('x', 2), e.emit('nothing'));
e.removeListener('x', f);
console.log(seen, e.listenerCount('x'), e.listeners('x').length, e.rawListeners('x').length);
e.removeAllListeners(); console.log(e.eventNames(), e.getMaxListeners(), EventEmitter.defaultMaxListeners);`,
  },
  {
    name: "EventEmitter: 'error' without a listener throws; with one, it is delivered",
    code: `const EventEmitter = require('events');
const e = new EventEmitter();
try { e.emit('error', new Error('boom')); } catch (err) { console.log('threw', err.message); }
try { e.emit('error', 'just a string'); } catch (err) { console.log('threw', err instanceof Error, err.code, err.message); }
e.on('error', (err) => console.log('listener', err.message));
console.log(e.emit('error', new Error('handled')));`,
  },
  {
    name: "EventEmitter: subclassing, 'newListener', this inside listeners",
    code: `const { EventEmitter } = require('events');
class Job extends EventEmitter { run() { this.emit('done', 42); } }
const j = new Job();
j.on('newListener', (name) => console.log('new', name));
j.on('done', function (v) { console.log(this === j, v); });
j.run();
console.log(j instanceof EventEmitter);`,
  },
  {
    name: 'EventEmitter: errorMonitor sees errors first; removeListener in once',
    code: `const { EventEmitter, errorMonitor } = require('events');
const e = new EventEmitter();
e.on(errorMonitor, (err) => console.log('monitor', err.message));
try { e.emit('error', new Error('x')); } catch (err) { console.log('threw', err.message); }
const f = () => console.log('once ran'); e.once('y', f); e.removeListener('y', f); console.log(e.emit('y'), typeof errorMonitor);`,
  },
  {
    name: 'EventEmitter: leak warning past maxListeners goes to process warnings',
    code: `const EventEmitter = require('events');
process.on('warning', (w) => console.log(w.name, '|', w.message, '|', w.count, w.type));
const e = new EventEmitter(); e.setMaxListeners(1); e.on('x', () => {}); e.on('x', () => {});
class Foo extends EventEmitter {} const g = new Foo(); g.setMaxListeners(1); const s = Symbol('q'); g.on(s, () => {}); g.on(s, () => {});`,
    // Node prints the same lines (its own pid); stdout is compared with Node's as usual.
    stderr:
      '(node:42) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 2 x listeners added to [EventEmitter]. MaxListeners is 1. Use emitter.setMaxListeners() to increase limit\n' +
      '(Use `node --trace-warnings ...` to show where the warning was created)\n' +
      '(node:42) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 2 Symbol(q) listeners added to [Foo]. MaxListeners is 1. Use emitter.setMaxListeners() to increase limit\n',
  },
  {
    name: 'events.once resolves with the arguments; rejects on error',
    code: `const events = require('events'); const { once, EventEmitter } = events;
const e = new EventEmitter();
(async () => {
  setTimeout(() => e.emit('ready', 1, 2), 1);
  console.log(await once(e, 'ready'));
  setTimeout(() => e.emit('error', new Error('bad')), 1);
  try { await once(e, 'never'); } catch (err) { console.log('rejected', err.message); }
  console.log(e.listenerCount('error'), e.listenerCount('never'));
})();`,
  },

  // ---- url ---------------------------------------------------------------------------------
  {
    name: 'URL: parsing, parts, relative resolution, setters, errors',
    code: `const u = new URL('https://user:pw@Example.COM:8080/a/./b/../c d?x=1&y=ü#frag');
console.log(u.href, u.origin, u.protocol, u.username, u.password, u.host, u.hostname, u.port, u.pathname, u.search, u.hash);
console.log(new URL('../x?q#h', 'http://h.test/a/b/c').href, new URL('//other.test/p', 'https://h.test').href, String(new URL('file:///tmp/a b')));
u.pathname = '/new path'; u.port = '443'; u.hash = ''; u.protocol = 'http'; u.hostname = 'ex.org';
console.log(u.href, JSON.stringify({ u }), u === u, URL.canParse('nope'), URL.canParse('/p', 'http://a'));
try { new URL('nope'); } catch (e) { console.log(e.name, e.code, e.message, e.input); }
try { new URL('/p', 'bad base'); } catch (e) { console.log(e.code, e.input, e.base); }
console.log(typeof URL, typeof URLSearchParams, require('url').URL === URL, Object.prototype.toString.call(u));`,
  },
  {
    name: 'URLSearchParams: parse, mutate, serialize, iterate; live searchParams of a URL',
    code: `const p = new URLSearchParams('?a=1&b=x+y&a=2&c=%E2%9C%93&d&e=%zz&=v');
console.log(p.get('a'), p.getAll('a'), p.get('b'), p.get('c'), p.get('d'), p.get('e'), p.get('missing'), p.has('d'), p.size, [...p.keys()]);
p.append('f', 'a b&c=d/é!~*()'); p.delete('a'); p.set('b', 'new'); p.sort();
console.log(p.toString(), [...p].length, JSON.stringify([...p.entries()]));
console.log(new URLSearchParams({ x: 1, y: [1, 2] }).toString(), new URLSearchParams([['k', 'v'], ['k', 'w']]).toString(), String(new URLSearchParams('')));
const u = new URL('http://h.test/p?q=1#frag');
u.searchParams.append('r', 'two words'); console.log(u.href, u.search);
u.search = '?z=9'; console.log(u.searchParams.get('z'), u.searchParams.get('q'));
u.searchParams.delete('z'); console.log(u.href);
const seen = []; new URLSearchParams('a=1&b=2').forEach((v, k) => seen.push(k + v)); console.log(seen);`,
  },
  {
    name: 'url: fileURLToPath, pathToFileURL; util.inspect of URL and URLSearchParams',
    code: `const { fileURLToPath, pathToFileURL } = require('url');
console.log(fileURLToPath('file:///home/u/a%20b.txt'), fileURLToPath(new URL('file:///x/%C3%BC')), pathToFileURL('/tmp/a b#c?d%e').href, pathToFileURL('/dir/').href);
for (const bad of ['http://x/y', 'file://host/y', 'file:///a%2Fb']) { try { fileURLToPath(bad); } catch (e) { console.log(e.code); } }
console.log(new URLSearchParams('a=1&b=two'));
console.log(new URLSearchParams());
console.log(new URL('https://a.test/p?x=1#h'));`,
  },

  // ---- path ----------------------------------------------------------------------------------
  {
    name: 'path.posix join, resolve, relative, normalize',
    code: `const path = require('path').posix;
console.log(path.join('/a/b', '../c', './d'), path.join('a', '', 'b/'), path.join(), path.join('..', 'x'));
console.log(path.resolve('/a/b', 'c'), path.resolve('/a', '/b', 'c/..'), path.resolve('/x/y/', '..'));
console.log(path.relative('/a/b/c', '/a/d'), path.relative('/a', '/a'), path.relative('/a/b', '/a/b/c/d'), path.relative('/', '/x'));
console.log(path.normalize('/a//b/../c/.'), path.normalize(''), path.normalize('./a/'), path.isAbsolute('/a'), path.isAbsolute('a'));`,
  },
  {
    name: 'path.posix parse, format, basename, dirname, extname',
    code: `const path = require('path').posix;
for (const p of ['/home/u/file.tar.gz', 'rel/.hidden', '/', 'a/b/', 'noext', '.', '..', 'x.']) {
  console.log(JSON.stringify(path.parse(p)), path.basename(p), path.dirname(p), JSON.stringify(path.extname(p)));
}
console.log(path.format({ dir: '/a', name: 'b', ext: '.c' }), path.format({ root: '/', base: 'x.y' }), path.basename('/a/b.js', '.js'));
console.log(path.sep, path.delimiter, path.posix === path, require('path').posix === require('path/posix'));`,
  },
];
