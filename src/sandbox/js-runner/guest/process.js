/* global internal */
/* Guest internal module: the `process` object (an EventEmitter, as in Node). */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS guest code: require() is the module system inside QuickJS. */
'use strict';

const EventEmitter = require('events');
const config = internal.config;

const process = new EventEmitter();
let cwd = config.cwd;
let warnedOnce = false;

Object.assign(process, {
  title: 'node',
  version: config.version,
  versions: { ...config.versions },
  arch: 'wasm32',
  platform: 'linux',
  release: { name: 'node', lts: undefined, sourceUrl: '', headersUrl: '' },
  argv: config.argv.slice(),
  argv0: 'node',
  execArgv: config.execArgv.slice(),
  execPath: config.execPath,
  env: { ...config.env },
  pid: config.pid,
  ppid: config.pid - 1,
  exitCode: undefined,
  config: { variables: {} },
  features: { inspector: false, ipv6: false, tls: false, cached_builtins: true },
  allowedNodeEnvironmentFlags: new Set(),
  connected: false,
  _exiting: false,
});

process.cwd = function cwdFn() {
  return cwd;
};

process.chdir = function chdir(directory) {
  const path = require('path');
  const target = path.resolve(String(directory));
  let stat;
  try {
    stat = internal.fsStat(target);
  } catch (error) {
    const err = new Error(`ENOENT: no such file or directory, chdir ${cwd} -> '${directory}'`);
    err.code = (error && error.code) || 'ENOENT';
    err.errno = -2;
    err.syscall = 'chdir';
    err.path = cwd;
    err.dest = String(directory);
    throw err;
  }
  if (stat.kind !== 'directory') {
    const err = new Error(`ENOTDIR: not a directory, chdir ${cwd} -> '${directory}'`);
    err.code = 'ENOTDIR';
    err.errno = -20;
    err.syscall = 'chdir';
    throw err;
  }
  cwd = target;
};

process.exit = function exit(code) {
  internal.exitProcess(code);
};
process.reallyExit = process.exit;
process.abort = function abort() {
  internal.exitProcess(134);
};

process.nextTick = internal.nextTick;

process.hrtime = function hrtime(previous) {
  const ms = internal.now();
  let seconds = Math.floor(ms / 1000);
  let nanoseconds = Math.floor((ms - seconds * 1000) * 1e6);
  if (Array.isArray(previous)) {
    seconds -= previous[0];
    nanoseconds -= previous[1];
    if (nanoseconds < 0) {
      seconds -= 1;
      nanoseconds += 1e9;
    }
  }
  return [seconds, nanoseconds];
};
process.hrtime.bigint = function bigint() {
  return BigInt(Math.floor(internal.now() * 1e6));
};

process.uptime = function uptime() {
  return (internal.now() - internal.startedAt) / 1000;
};

process.memoryUsage = function memoryUsage() {
  const usage = internal.memoryUsage();
  return { rss: usage.used, heapTotal: usage.limit, heapUsed: usage.used, external: 0, arrayBuffers: 0 };
};
process.memoryUsage.rss = () => internal.memoryUsage().used;
process.resourceUsage = () => ({ userCPUTime: 0, systemCPUTime: 0, maxRSS: 0 });
process.cpuUsage = () => ({ user: Math.round(internal.now() * 1000), system: 0 });

process.emitWarning = function emitWarning(warning, type, code) {
  if (type !== null && typeof type === 'object') {
    code = type.code;
    type = type.type;
  }
  const message = warning instanceof Error ? warning.message : String(warning);
  const name = warning instanceof Error ? warning.name : type || 'Warning';
  const event = warning instanceof Error ? warning : Object.assign(new Error(message), { name });
  if (code !== undefined) event.code = code;
  internal.defer(() => process.emit('warning', event));
  if (process.noDeprecation && name === 'DeprecationWarning') return;
  let text = `(node:${process.pid}) ${code ? `[${code}] ` : ''}${name}: ${message}\n`;
  if (!warnedOnce) {
    warnedOnce = true;
    text += '(Use `node --trace-warnings ...` to show where the warning was created)\n';
  }
  internal.writeOut(2, text);
};

process.umask = () => 0o22;
process.getuid = () => 0;
process.geteuid = () => 0;
process.getgid = () => 0;
process.getegid = () => 0;
process.getgroups = () => [0];
process.kill = function kill(pid, signal) {
  if (Number(pid) === process.pid) {
    internal.exitProcess(signal === 0 ? 0 : 128 + 15);
    return true;
  }
  const err = new Error('kill ESRCH');
  err.code = 'ESRCH';
  err.errno = -3;
  err.syscall = 'kill';
  throw err;
};
process.binding = function binding(name) {
  throw new Error(`No such module: ${name}`);
};

function makeWritable(fd) {
  const stream = new EventEmitter();
  Object.assign(stream, { fd, isTTY: false, writable: true, columns: 80, rows: 24, _isStdio: true });
  stream.write = function write(chunk, encoding, callback) {
    if (typeof encoding === 'function') callback = encoding;
    let text;
    if (typeof chunk === 'string') text = chunk;
    else if (chunk instanceof Uint8Array) text = internal.decodeUtf8(chunk);
    else {
      const err = new TypeError(`The "chunk" argument must be of type string or an instance of Buffer or Uint8Array. Received ${chunk === null ? 'null' : typeof chunk}`);
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
    internal.writeOut(fd, text);
    if (typeof callback === 'function') internal.defer(callback);
    return true;
  };
  stream.end = function end(chunk, encoding, callback) {
    if (typeof chunk === 'function') callback = chunk;
    else if (chunk !== undefined && chunk !== null) stream.write(chunk, encoding);
    if (typeof encoding === 'function') callback = encoding;
    if (typeof callback === 'function') internal.defer(callback);
    return stream;
  };
  stream.cork = () => {};
  stream.uncork = () => {};
  stream.setDefaultEncoding = () => stream;
  stream.getColorDepth = () => 1;
  stream.hasColors = () => false;
  stream.getWindowSize = () => [80, 24];
  return stream;
}

function makeStdin() {
  const stream = new EventEmitter();
  Object.assign(stream, { fd: 0, isTTY: false, readable: true, _encoding: null });
  let delivered = false;
  let scheduled = false;
  const deliver = () => {
    if (scheduled) return;
    scheduled = true;
    internal.defer(() => {
      if (delivered) return;
      delivered = true;
      const text = internal.stdin();
      if (text.length > 0) {
        const { Buffer } = require('buffer');
        stream.emit('data', stream._encoding ? Buffer.from(text).toString(stream._encoding) : Buffer.from(text));
      }
      stream.readable = false;
      stream.emit('end');
      stream.emit('close');
    });
  };
  stream.on('newListener', (event) => {
    if (event === 'data' || event === 'end' || event === 'readable') deliver();
  });
  stream.setEncoding = (encoding) => {
    stream._encoding = encoding || 'utf8';
    return stream;
  };
  stream.resume = () => {
    deliver();
    return stream;
  };
  stream.pause = () => stream;
  stream.unref = () => stream;
  stream.ref = () => stream;
  stream.setRawMode = () => stream;
  stream.read = () => null;
  stream.pipe = (destination) => {
    stream.on('data', (chunk) => destination.write(chunk));
    return destination;
  };
  stream[Symbol.asyncIterator] = async function* iterate() {
    const text = internal.stdin();
    if (text.length > 0) {
      const { Buffer } = require('buffer');
      yield stream._encoding ? Buffer.from(text).toString(stream._encoding) : Buffer.from(text);
    }
  };
  return stream;
}

process.stdout = makeWritable(1);
process.stderr = makeWritable(2);
let stdin;
Object.defineProperty(process, 'stdin', {
  get() {
    if (!stdin) stdin = makeStdin();
    return stdin;
  },
  configurable: true,
  enumerable: true,
});

Object.defineProperty(process, 'mainModule', { value: undefined, writable: true, configurable: true, enumerable: false });
Object.defineProperty(process, Symbol.toStringTag, { value: 'process', configurable: true, enumerable: false, writable: true });

module.exports = process;
