/* global internal */
/*
 * Guest module `fs`: Node's synchronous API over the run's in-memory copy of the workspace (the host
 * saves changes back to the real workspace), with callback and promise forms built on it.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS guest code: require() is the module system inside QuickJS. */
'use strict';

const { Buffer } = require('buffer');
const pathModule = require('path');

const UV = {
  ENOENT: [-2, 'no such file or directory'],
  EEXIST: [-17, 'file already exists'],
  EISDIR: [-21, 'illegal operation on a directory'],
  ENOTDIR: [-20, 'not a directory'],
  ENOTEMPTY: [-39, 'directory not empty'],
  EPERM: [-1, 'operation not permitted'],
  EINVAL: [-22, 'invalid argument'],
  EBADF: [-9, 'bad file descriptor'],
  EACCES: [-13, 'permission denied'],
  EFBIG: [-27, 'file too large to load into the offline sandbox (over its preload limit)'],
};

const constants = {
  F_OK: 0,
  R_OK: 4,
  W_OK: 2,
  X_OK: 1,
  COPYFILE_EXCL: 1,
  COPYFILE_FICLONE: 2,
  COPYFILE_FICLONE_FORCE: 4,
  O_RDONLY: 0,
  O_WRONLY: 1,
  O_RDWR: 2,
  O_CREAT: 64,
  O_EXCL: 128,
  O_TRUNC: 512,
  O_APPEND: 1024,
  S_IFMT: 61440,
  S_IFREG: 32768,
  S_IFDIR: 16384,
  S_IFLNK: 40960,
};

function uvException(error, syscall, path, dest) {
  const code = error && error.code;
  if (typeof code !== 'string' || !UV[code]) return error;
  const [errno, description] = UV[code];
  let message = `${code}: ${description}, ${syscall}`;
  if (path !== undefined) message += ` '${path}'`;
  if (dest !== undefined) message += ` -> '${dest}'`;
  const err = new Error(message);
  err.errno = errno;
  err.code = code;
  err.syscall = syscall;
  if (path !== undefined) err.path = path;
  if (dest !== undefined) err.dest = dest;
  return err;
}

function call(syscall, path, fn, dest) {
  try {
    return fn();
  } catch (error) {
    throw uvException(error, syscall, path, dest);
  }
}

function invalidArg(name, expected, value) {
  const err = new TypeError(`The "${name}" argument must be ${expected}. Received ${value === null ? 'null' : typeof value}`);
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

function toPathString(path, name = 'path') {
  if (typeof path === 'string') return path;
  if (path instanceof Uint8Array) return Buffer.from(path).toString();
  if (path && typeof path === 'object' && typeof path.href === 'string' && path.protocol === 'file:') return decodeURIComponent(path.pathname);
  throw invalidArg(name, 'of type string or an instance of Buffer or URL', path);
}

function absolute(path, name) {
  const text = toPathString(path, name);
  if (text.includes('\u0000')) {
    const err = new TypeError(`The argument '${name || 'path'}' must be a string, Uint8Array, or URL without null bytes. Received ${JSON.stringify(text)}`);
    err.code = 'ERR_INVALID_ARG_VALUE';
    throw err;
  }
  const resolved = pathModule.resolve(text);
  return resolved.length > 1 && resolved.endsWith('/') ? resolved.slice(0, -1) : resolved;
}

function getOptions(options, defaults) {
  if (options === null || options === undefined || typeof options === 'function') return defaults;
  if (typeof options === 'string') return { ...defaults, encoding: options };
  if (typeof options === 'object') return { ...defaults, ...options };
  throw invalidArg('options', 'one of type string or object', options);
}

function isStdin(path) {
  return path === 0 || path === '/dev/stdin';
}

/** The checks Stats and Dirent share (as Node's StatsBase does): the sandbox has no devices, pipes or sockets. */
class FileKindChecks {
  isBlockDevice() {
    return false;
  }
  isCharacterDevice() {
    return false;
  }
  isFIFO() {
    return false;
  }
  isSocket() {
    return false;
  }
}

class Stats extends FileKindChecks {
  constructor(kind, size, mtimeMs) {
    super();
    this.dev = 2049;
    this.mode = kind === 'directory' ? 0o40755 : 0o100644;
    this.nlink = 1;
    this.uid = 0;
    this.gid = 0;
    this.rdev = 0;
    this.blksize = 4096;
    this.ino = 0;
    this.size = size;
    this.blocks = Math.ceil(size / 512);
    this.atimeMs = mtimeMs;
    this.mtimeMs = mtimeMs;
    this.ctimeMs = mtimeMs;
    this.birthtimeMs = mtimeMs;
    this.atime = new Date(mtimeMs);
    this.mtime = new Date(mtimeMs);
    this.ctime = new Date(mtimeMs);
    this.birthtime = new Date(mtimeMs);
  }
  isFile() {
    return (this.mode & constants.S_IFMT) === constants.S_IFREG;
  }
  isDirectory() {
    return (this.mode & constants.S_IFMT) === constants.S_IFDIR;
  }
  isSymbolicLink() {
    return false;
  }
}

class Dirent extends FileKindChecks {
  constructor(name, kind, parentPath) {
    super();
    this.name = name;
    this.parentPath = parentPath;
    this.path = parentPath;
    this._kind = kind;
    Object.defineProperty(this, '_kind', { enumerable: false });
  }
  isFile() {
    return this._kind === 'file';
  }
  isDirectory() {
    return this._kind === 'directory';
  }
  isSymbolicLink() {
    return this._kind === 'symlink';
  }
}

function statSync(path, options) {
  const target = absolute(path);
  try {
    const stat = internal.fsStat(target);
    return new Stats(stat.kind, stat.size, stat.mtimeMs);
  } catch (error) {
    if (options && options.throwIfNoEntry === false && error && error.code === 'ENOENT') return undefined;
    throw uvException(error, 'stat', toPathString(path));
  }
}

function existsSync(path) {
  try {
    internal.fsStat(absolute(path));
    return true;
  } catch {
    return false;
  }
}

function accessSync(path) {
  const target = absolute(path);
  call('access', toPathString(path), () => internal.fsStat(target));
}

function readFileSync(path, options) {
  const { encoding } = getOptions(options, { encoding: null, flag: 'r' });
  if (isStdin(path)) {
    const text = internal.stdin();
    return encoding ? Buffer.from(text).toString(encoding) : Buffer.from(text);
  }
  if (typeof path === 'number') return readFd(path, encoding);
  const target = absolute(path);
  if (encoding === 'utf8' || encoding === 'utf-8') return call('open', toPathString(path), () => internal.fsReadText(target));
  const bytes = call('open', toPathString(path), () => internal.fsReadBytes(target));
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return encoding ? buffer.toString(encoding) : buffer;
}

function toBytes(data) {
  if (typeof data === 'string') return data;
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (data !== null && typeof data === 'object' && typeof data.toString === 'function' && data.toString !== Object.prototype.toString) {
    return String(data);
  }
  throw invalidArg('data', 'of type string or an instance of Buffer, TypedArray, or DataView', data);
}

function writeFileSync(path, data, options) {
  const { encoding, flag } = getOptions(options, { encoding: 'utf8', flag: 'w' });
  let payload = toBytes(data);
  if (typeof payload === 'string' && encoding && encoding !== 'utf8' && encoding !== 'utf-8') payload = Buffer.from(payload, encoding);
  if (path === 1 || path === 2) {
    internal.writeOut(path, typeof payload === 'string' ? payload : Buffer.from(payload).toString());
    return;
  }
  if (typeof path === 'number') {
    writeFd(path, payload);
    return;
  }
  const target = absolute(path);
  const display = toPathString(path);
  if (String(flag).includes('x') && existsSync(target)) throw uvException({ code: 'EEXIST' }, 'open', display);
  call('open', display, () => internal.fsWrite(target, payload, String(flag).startsWith('a')));
}

function appendFileSync(path, data, options) {
  const opts = getOptions(options, { encoding: 'utf8', flag: 'a' });
  writeFileSync(path, data, { ...opts, flag: opts.flag && opts.flag.startsWith('a') ? opts.flag : 'a' });
}

function readdirSync(path, options) {
  const { withFileTypes, recursive, encoding } = getOptions(options, { withFileTypes: false, recursive: false, encoding: 'utf8' });
  const target = absolute(path);
  const display = toPathString(path);
  const out = [];
  const walk = (directory, prefix) => {
    const entries = call('scandir', display, () => internal.fsReaddir(directory));
    for (const [name, kind] of entries) {
      const relative = prefix ? `${prefix}/${name}` : name;
      if (withFileTypes) out.push(new Dirent(name, kind, prefix ? `${display}/${prefix}` : display));
      else out.push(encoding === 'buffer' ? Buffer.from(relative) : relative);
      if (recursive && kind === 'directory') walk(`${directory}/${name}`, relative);
    }
  };
  walk(target, '');
  return out;
}

function mkdirSync(path, options) {
  const recursive = typeof options === 'object' && options !== null ? !!options.recursive : false;
  const target = absolute(path);
  const created = call('mkdir', toPathString(path), () => internal.fsMkdir(target, recursive));
  return recursive ? created : undefined;
}

function mkdtempSync(prefix) {
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  for (;;) {
    let suffix = '';
    for (let i = 0; i < 6; i++) suffix += chars[Math.floor(Math.random() * chars.length)];
    const candidate = `${toPathString(prefix, 'prefix')}${suffix}`;
    if (!existsSync(candidate)) {
      mkdirSync(candidate);
      return candidate;
    }
  }
}

function unlinkSync(path) {
  const target = absolute(path);
  call('unlink', toPathString(path), () => internal.fsRemove(target, 'file'));
}

function rmdirSync(path, options) {
  const target = absolute(path);
  const recursive = options && options.recursive;
  call('rmdir', toPathString(path), () => internal.fsRemove(target, recursive ? 'any' : 'directory'));
}

function rmSync(path, options) {
  const { recursive, force } = getOptions(options, { recursive: false, force: false });
  const target = absolute(path);
  const display = toPathString(path);
  let stat;
  try {
    stat = internal.fsStat(target);
  } catch (error) {
    if (force && error && error.code === 'ENOENT') return;
    throw uvException(error, 'rm', display);
  }
  if (stat.kind === 'directory' && !recursive) {
    const err = new Error(`Path is a directory: rm returned EISDIR (is a directory) ${display}`);
    err.code = 'ERR_FS_EISDIR';
    err.errno = 21;
    err.syscall = 'rm';
    err.path = display;
    throw err;
  }
  call('rm', display, () => internal.fsRemove(target, 'any'));
}

function renameSync(oldPath, newPath) {
  const from = absolute(oldPath, 'oldPath');
  const to = absolute(newPath, 'newPath');
  call('rename', toPathString(oldPath), () => internal.fsRename(from, to), toPathString(newPath));
}

function copyFileSync(src, dest, mode) {
  const from = absolute(src, 'src');
  const to = absolute(dest, 'dest');
  if (mode & constants.COPYFILE_EXCL && existsSync(to)) throw uvException({ code: 'EEXIST' }, 'copyfile', toPathString(src), toPathString(dest));
  const bytes = call('copyfile', toPathString(src), () => internal.fsReadBytes(from), toPathString(dest));
  call('copyfile', toPathString(src), () => internal.fsWrite(to, bytes, false), toPathString(dest));
}

function cpSync(src, dest, options) {
  const { recursive, force, errorOnExist } = getOptions(options, { recursive: false, force: true, errorOnExist: false });
  const from = absolute(src, 'src');
  const to = absolute(dest, 'dest');
  const stat = statSync(from);
  if (stat.isDirectory()) {
    if (!recursive) {
      const err = new Error(`Recursive option is required to copy a directory: ${toPathString(src)}`);
      err.code = 'ERR_FS_EISDIR';
      throw err;
    }
    mkdirSync(to, { recursive: true });
    for (const name of readdirSync(from)) cpSync(`${from}/${name}`, `${to}/${name}`, options);
    return;
  }
  if (existsSync(to)) {
    if (errorOnExist && !force) throw uvException({ code: 'EEXIST' }, 'cp', toPathString(src), toPathString(dest));
    if (!force) return;
  }
  copyFileSync(from, to);
}

function realpathSync(path) {
  const target = absolute(path);
  call('realpath', toPathString(path), () => internal.fsStat(target));
  return target;
}
realpathSync.native = realpathSync;

function truncateSync(path, len = 0) {
  const bytes = readFileSync(path);
  const out = Buffer.alloc(len);
  bytes.copy(out, 0, 0, Math.min(len, bytes.length));
  writeFileSync(path, out);
}

function noop() {}

function unsupported(name) {
  return function notAvailable() {
    const err = new Error(`fs.${name} is not available in the offline sandbox`);
    err.code = 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM';
    throw err;
  };
}

// File descriptors: a small table over whole-file reads and writes.
const descriptors = new Map();
let nextFd = 3;

function openSync(path, flags = 'r') {
  const target = absolute(path);
  const display = toPathString(path);
  const flag = typeof flags === 'number' ? (flags & constants.O_APPEND ? 'a' : flags & (constants.O_WRONLY | constants.O_RDWR) ? 'w' : 'r') : String(flags);
  const exists = existsSync(target);
  if (flag.includes('x') && exists) throw uvException({ code: 'EEXIST' }, 'open', display);
  if (flag.startsWith('r')) {
    const stat = call('open', display, () => internal.fsStat(target));
    if (stat.kind === 'directory' && flag !== 'r') throw uvException({ code: 'EISDIR' }, 'open', display);
  } else if (flag.startsWith('w') || !exists) {
    call('open', display, () => internal.fsWrite(target, '', false));
  }
  const fd = nextFd++;
  descriptors.set(fd, { path: target, display, position: 0, append: flag.startsWith('a') });
  return fd;
}

function descriptor(fd, syscall) {
  const entry = descriptors.get(fd);
  if (!entry) throw uvException({ code: 'EBADF' }, syscall);
  return entry;
}

function closeSync(fd) {
  descriptor(fd, 'close');
  descriptors.delete(fd);
}

function readFd(fd, encoding) {
  if (fd === 0) return readFileSync(0, encoding);
  const entry = descriptor(fd, 'read');
  const buffer = readFileSync(entry.path);
  return encoding ? buffer.toString(encoding) : buffer;
}

function writeFd(fd, payload) {
  const entry = descriptor(fd, 'write');
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload);
  if (entry.append) {
    internal.fsWrite(entry.path, bytes, true);
    return bytes.length;
  }
  const current = readFileSync(entry.path);
  const size = Math.max(current.length, entry.position + bytes.length);
  const next = Buffer.alloc(size);
  current.copy(next);
  bytes.copy(next, entry.position);
  internal.fsWrite(entry.path, next, false);
  entry.position += bytes.length;
  return bytes.length;
}

function writeSync(fd, buffer, offsetOrPosition, lengthOrEncoding, position) {
  let payload;
  if (typeof buffer === 'string') payload = buffer;
  else {
    const offset = typeof offsetOrPosition === 'number' ? offsetOrPosition : 0;
    const length = typeof lengthOrEncoding === 'number' ? lengthOrEncoding : buffer.byteLength - offset;
    payload = new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length);
  }
  if (fd === 1 || fd === 2) {
    const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString();
    internal.writeOut(fd, text);
    return typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  }
  const entry = descriptor(fd, 'write');
  if (typeof position === 'number') entry.position = position;
  return writeFd(fd, payload);
}

function readSync(fd, buffer, offsetOrOptions, length, position) {
  let offset = offsetOrOptions;
  if (typeof offsetOrOptions === 'object' && offsetOrOptions !== null) {
    ({ offset = 0, length = buffer.byteLength - offset, position = null } = offsetOrOptions);
  }
  offset = offset || 0;
  length = length === undefined ? buffer.byteLength - offset : length;
  const source = fd === 0 ? Buffer.from(internal.stdin()) : readFileSync(descriptor(fd, 'read').path);
  const entry = fd === 0 ? (descriptors.get(0) || { position: 0 }) : descriptor(fd, 'read');
  if (fd === 0) descriptors.set(0, entry);
  const start = typeof position === 'number' ? position : entry.position;
  const chunk = source.subarray(start, start + length);
  new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength).set(chunk, offset);
  if (typeof position !== 'number') entry.position += chunk.length;
  return chunk.length;
}

function fstatSync(fd) {
  return statSync(descriptor(fd, 'fstat').path);
}

const syncApi = {
  existsSync,
  accessSync,
  statSync,
  lstatSync: statSync,
  readFileSync,
  writeFileSync,
  appendFileSync,
  readdirSync,
  mkdirSync,
  mkdtempSync,
  unlinkSync,
  rmdirSync,
  rmSync,
  renameSync,
  copyFileSync,
  cpSync,
  realpathSync,
  truncateSync,
  openSync,
  closeSync,
  writeSync,
  readSync,
  fstatSync,
  chmodSync: noop,
  chownSync: noop,
  utimesSync: noop,
  fsyncSync: noop,
  symlinkSync: unsupported('symlinkSync'),
  linkSync: unsupported('linkSync'),
  readlinkSync: unsupported('readlinkSync'),
};

/** Callback form: runs the sync call, then calls back on a later tick as Node does. */
function callbackify(name, fn) {
  return function callbackStyle(...args) {
    const callback = args.pop();
    if (typeof callback !== 'function') throw invalidArg('cb', 'of type function', callback);
    let result;
    let error = null;
    try {
      result = fn(...args);
    } catch (e) {
      error = e;
    }
    internal.defer(() => (name === 'exists' ? callback(result) : error ? callback(error) : callback(null, result)));
  };
}

/** Promise form: the same call on a later microtask. */
function promisify(fn) {
  return function promiseStyle(...args) {
    return Promise.resolve().then(() => fn(...args));
  };
}

const promises = {};
const fs = { ...syncApi, constants, Stats, Dirent, promises };
for (const [syncName, fn] of Object.entries(syncApi)) {
  const name = syncName.slice(0, -4);
  if (name === 'exists') {
    fs.exists = callbackify('exists', (path) => existsSync(path));
    continue;
  }
  fs[name] = callbackify(name, fn);
  if (!['open', 'close', 'write', 'read', 'fstat', 'fsync'].includes(name)) promises[name] = promisify(fn);
}
promises.constants = constants;

fs.watch = unsupported('watch');
fs.watchFile = unsupported('watchFile');
fs.unwatchFile = noop;

fs.createWriteStream = function createWriteStream(path, options) {
  const EventEmitter = require('events');
  const flags = getOptions(options, { flags: 'w' }).flags;
  const target = absolute(path);
  if (!String(flags).startsWith('a')) writeFileSync(target, '');
  const stream = new EventEmitter();
  stream.path = toPathString(path);
  stream.bytesWritten = 0;
  stream.writable = true;
  stream.write = (chunk, encoding, cb) => {
    if (typeof encoding === 'function') cb = encoding;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : chunk;
    appendFileSync(target, bytes);
    stream.bytesWritten += bytes.length;
    if (typeof cb === 'function') internal.defer(cb);
    return true;
  };
  stream.end = (chunk, encoding, cb) => {
    if (typeof chunk === 'function') cb = chunk;
    else if (chunk !== undefined && chunk !== null) stream.write(chunk, encoding);
    if (typeof encoding === 'function') cb = encoding;
    stream.writable = false;
    internal.defer(() => {
      stream.emit('finish');
      stream.emit('close');
      if (typeof cb === 'function') cb();
    });
    return stream;
  };
  stream.close = (cb) => stream.end(cb);
  stream.destroy = () => stream;
  stream.cork = noop;
  stream.uncork = noop;
  internal.defer(() => stream.emit('open', 3));
  return stream;
};

fs.createReadStream = function createReadStream(path, options) {
  const EventEmitter = require('events');
  const { encoding } = getOptions(options, { encoding: null });
  const stream = new EventEmitter();
  stream.path = toPathString(path);
  stream.readable = true;
  stream.setEncoding = (enc) => {
    stream._encoding = enc;
    return stream;
  };
  stream.pipe = (destination) => {
    stream.on('data', (chunk) => destination.write(chunk));
    stream.on('end', () => {
      if (destination !== process.stdout && destination !== process.stderr && typeof destination.end === 'function') destination.end();
    });
    return destination;
  };
  stream.destroy = () => stream;
  internal.defer(() => {
    let data;
    try {
      data = readFileSync(path);
    } catch (error) {
      stream.emit('error', error);
      return;
    }
    const enc = stream._encoding || encoding;
    stream.emit('open', 3);
    if (data.length > 0) stream.emit('data', enc ? data.toString(enc) : data);
    stream.readable = false;
    stream.emit('end');
    stream.emit('close');
  });
  return stream;
};

module.exports = fs;
