/* global internal */
/* Guest internal module: CommonJS `require` over the workspace copy, Node's resolution rules. */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS guest code: require() is the module system inside QuickJS. */
'use strict';

const path = require('path');
const config = internal.config;

const CORE_MODULES = [
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
  'path/win32',
  'process',
  'readline',
  'readline/promises',
  'string_decoder',
  'timers',
  'timers/promises',
  'url',
  'util',
  'util/types',
];
/** Only reachable with the `node:` prefix, as in Node. */
const PREFIX_ONLY = ['test'];

const NETWORK = ['http', 'https', 'http2', 'net', 'tls', 'dgram', 'dns', 'dns/promises', 'inspector'];
const PROCESSES = ['child_process', 'cluster', 'worker_threads'];
const OTHER_NODE_MODULES = [
  'async_hooks',
  'constants',
  'diagnostics_channel',
  'domain',
  'module',
  'perf_hooks',
  'punycode',
  'querystring',
  'repl',
  'sea',
  'sqlite',
  'stream',
  'stream/promises',
  'stream/web',
  'sys',
  'trace_events',
  'tty',
  'v8',
  'vm',
  'wasi',
  'zlib',
];

function unavailableReason(name) {
  if (NETWORK.includes(name)) return "the offline sandbox's node (QuickJS in WebAssembly) cannot do networking";
  if (PROCESSES.includes(name)) return "the offline sandbox's node (QuickJS in WebAssembly) cannot start processes or threads";
  if (OTHER_NODE_MODULES.includes(name)) return "the offline sandbox's node (QuickJS in WebAssembly) does not provide it";
  return undefined;
}

function stat(filename) {
  try {
    return internal.fsStat(filename);
  } catch {
    return undefined;
  }
}

function tryFile(filename) {
  const info = stat(filename);
  return info && info.kind === 'file' ? filename : undefined;
}

function tryExtensions(base) {
  for (const extension of Object.keys(Module._extensions)) {
    const found = tryFile(base + extension);
    if (found) return found;
  }
  return undefined;
}

function readPackage(directory) {
  const filename = `${directory}/package.json`;
  if (!tryFile(filename)) return undefined;
  try {
    return JSON.parse(internal.fsReadText(filename));
  } catch (error) {
    error.message = `Error parsing ${filename}: ${error.message}`;
    error.path = filename;
    throw error;
  }
}

function tryDirectory(directory) {
  const info = stat(directory);
  if (!info || info.kind !== 'directory') return undefined;
  const pkg = readPackage(directory);
  if (pkg && typeof pkg.main === 'string' && pkg.main !== '') {
    const main = path.resolve(directory, pkg.main);
    const found = tryFile(main) || tryExtensions(main) || tryExtensions(`${main}/index`);
    if (found) return found;
  }
  return tryExtensions(`${directory}/index`);
}

function resolveAt(base) {
  return tryFile(base) || tryExtensions(base) || tryDirectory(base);
}

/** package.json "exports": strings, subpath maps and the require/node/default conditions. */
function resolveExports(directory, exportsField, subpath) {
  const conditions = ['require', 'node', 'default'];
  const pick = (target) => {
    if (typeof target === 'string') return target;
    if (Array.isArray(target)) {
      for (const item of target) {
        const found = pick(item);
        if (found) return found;
      }
      return undefined;
    }
    if (target && typeof target === 'object') {
      for (const key of Object.keys(target)) {
        if (conditions.includes(key)) {
          const found = pick(target[key]);
          if (found) return found;
        }
      }
    }
    return undefined;
  };
  const key = subpath ? `./${subpath}` : '.';
  let map = exportsField;
  if (typeof exportsField === 'string' || Array.isArray(exportsField) || !Object.keys(exportsField).some((k) => k.startsWith('.'))) {
    map = { '.': exportsField };
  }
  let target;
  if (Object.prototype.hasOwnProperty.call(map, key)) {
    target = pick(map[key]);
  } else {
    for (const pattern of Object.keys(map)) {
      const star = pattern.indexOf('*');
      if (star === -1) continue;
      const prefix = pattern.slice(0, star);
      const suffix = pattern.slice(star + 1);
      if (key.startsWith(prefix) && key.endsWith(suffix) && key.length >= prefix.length + suffix.length) {
        const middle = key.slice(prefix.length, key.length - suffix.length);
        const picked = pick(map[pattern]);
        if (picked) target = picked.split('*').join(middle);
        break;
      }
    }
  }
  if (!target) {
    const error = new Error(`Package subpath '${key}' is not defined by "exports" in ${directory}/package.json`);
    error.code = 'ERR_PACKAGE_PATH_NOT_EXPORTED';
    throw error;
  }
  return tryFile(path.resolve(directory, target));
}

function nodeModulePaths(from) {
  const paths = [];
  let current = path.resolve(from);
  for (;;) {
    if (!current.endsWith('/node_modules')) paths.push(current === '/' ? '/node_modules' : `${current}/node_modules`);
    if (current === '/') break;
    current = path.dirname(current);
  }
  return paths;
}

function requireStackOf(parent) {
  const stack = [];
  for (let module = parent; module; module = module.parent) if (module.filename) stack.push(module.filename);
  return stack;
}

function moduleNotFound(request, parent, note) {
  const requireStack = requireStackOf(parent);
  let message = `Cannot find module '${request}'`;
  if (note) message += `\n${note}`;
  if (requireStack.length > 0) message += `\nRequire stack:\n- ${requireStack.join('\n- ')}`;
  const error = new Error(message);
  error.code = 'MODULE_NOT_FOUND';
  error.requireStack = requireStack;
  return error;
}

function isCore(name) {
  return CORE_MODULES.includes(name);
}

function resolveFilename(request, parent) {
  if (typeof request !== 'string') {
    const error = new TypeError(`The "id" argument must be of type string. Received ${request === null ? 'null' : typeof request}`);
    error.code = 'ERR_INVALID_ARG_TYPE';
    throw error;
  }
  if (request === '') {
    const error = new TypeError("The argument 'id' must be a non-empty string. Received ''");
    error.code = 'ERR_INVALID_ARG_VALUE';
    throw error;
  }
  const prefixed = request.startsWith('node:');
  const name = prefixed ? request.slice(5) : request;
  if (isCore(name) || (prefixed && PREFIX_ONLY.includes(name))) return `node:${name}`;
  const reason = unavailableReason(name);
  if (reason) {
    throw moduleNotFound(request, parent, `'${name}' is a Node.js built-in module, but ${reason}. It works in the WebContainer sandbox.`);
  }
  if (prefixed) {
    const error = new Error(`No such built-in module: ${request}`);
    error.code = 'ERR_UNKNOWN_BUILTIN_MODULE';
    throw error;
  }

  const basedir = parent && parent.filename ? path.dirname(parent.filename) : process.cwd();
  let found;
  if (request === '.' || request === '..' || request.startsWith('./') || request.startsWith('../') || request.startsWith('/')) {
    found = resolveAt(path.resolve(basedir, request));
  } else {
    const parts = request.split('/');
    const packageName = request.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
    const subpath = parts.slice(request.startsWith('@') ? 2 : 1).join('/');
    for (const directory of nodeModulePaths(basedir)) {
      const packageDir = `${directory}/${packageName}`;
      const info = stat(packageDir);
      if (!info || info.kind !== 'directory') continue;
      const pkg = readPackage(packageDir);
      if (pkg && pkg.exports !== undefined && pkg.exports !== null) found = resolveExports(packageDir, pkg.exports, subpath);
      else found = resolveAt(subpath ? `${packageDir}/${subpath}` : packageDir);
      if (found) break;
    }
  }
  if (!found) throw moduleNotFound(request, parent);
  return found;
}

class Module {
  constructor(id = '', parent = undefined) {
    this.id = id;
    this.path = path.dirname(id);
    this.exports = {};
    this.filename = null;
    this.loaded = false;
    this.children = [];
    this.paths = [];
    Object.defineProperty(this, 'parent', { value: parent, writable: true, enumerable: false, configurable: true });
    if (parent) parent.children.push(this);
  }

  require(id) {
    return requireFrom(this, id);
  }
}

let mainModule;

function stripBOM(text) {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function esmError(filename) {
  const error = new SyntaxError(
    'Cannot use import statement outside a module\n' +
      "The offline sandbox's node runs CommonJS only: use require() and module.exports " +
      `(ES modules work in the WebContainer sandbox). File: ${filename}`,
  );
  return error;
}

function compileModule(module, filename) {
  const source = stripBOM(internal.fsReadText(filename));
  let fn;
  try {
    fn = internal.compile(source, filename, 'module');
  } catch (error) {
    if (error && error.name === 'SyntaxError' && /^\s*(import\s*[\w{*'"]|export\s)/m.test(source)) throw esmError(filename);
    throw error;
  }
  const require = makeRequire(module);
  fn.call(module.exports, module.exports, require, module, filename, path.dirname(filename), internal.track);
}

Module._cache = Object.create(null);
Module._extensions = Object.create(null);
Module._extensions['.js'] = compileModule;
Module._extensions['.json'] = function loadJson(module, filename) {
  const text = internal.fsReadText(filename);
  try {
    module.exports = JSON.parse(stripBOM(text));
  } catch (error) {
    error.message = `${filename}: ${error.message}`;
    throw error;
  }
};
Module._extensions['.cjs'] = compileModule;
Module.builtinModules = [...CORE_MODULES];
Module.isBuiltin = (name) => isCore(name.startsWith('node:') ? name.slice(5) : name) || (name.startsWith('node:') && PREFIX_ONLY.includes(name.slice(5)));
Module._resolveFilename = (request, parent) => resolveFilename(request, parent);
Module._nodeModulePaths = nodeModulePaths;
Module.Module = Module;
Module.createRequire = (filename) => {
  const target = typeof filename === 'string' ? filename : String(filename && filename.pathname);
  const module = new Module(target);
  module.filename = target;
  module.paths = nodeModulePaths(path.dirname(target));
  return makeRequire(module);
};

function loadModule(filename, parent, isMain) {
  const cached = Module._cache[filename];
  if (cached) {
    if (parent && !parent.children.includes(cached)) parent.children.push(cached);
    return cached.exports;
  }
  const module = new Module(filename, parent);
  module.filename = filename;
  module.paths = nodeModulePaths(path.dirname(filename));
  if (isMain) {
    module.id = '.';
    mainModule = module;
    process.mainModule = module;
  }
  Module._cache[filename] = module;
  let threw = true;
  try {
    const extension = path.extname(filename);
    if (extension === '.mjs') throw esmError(filename);
    if (extension === '.node') throw new Error(`Cannot load native addon ${filename}: the offline sandbox runs JavaScript only`);
    const loader = Module._extensions[extension] || Module._extensions['.js'];
    loader(module, filename);
    threw = false;
  } finally {
    if (threw) delete Module._cache[filename];
  }
  module.loaded = true;
  return module.exports;
}

function requireFrom(module, id) {
  const filename = resolveFilename(id, module);
  if (filename.startsWith('node:')) {
    const name = filename.slice(5);
    return name === 'test' ? internal.require('internal/test') : internal.require(name);
  }
  return loadModule(filename, module, false);
}

function makeRequire(module) {
  const require = function require(id) {
    return requireFrom(module, id);
  };
  require.resolve = function resolve(request) {
    const filename = resolveFilename(request, module);
    return filename.startsWith('node:') && !request.startsWith('node:') ? request : filename;
  };
  require.resolve.paths = (request) => (isCore(request) ? null : nodeModulePaths(module.filename ? path.dirname(module.filename) : process.cwd()));
  Object.defineProperty(require, 'main', {
    get: () => mainModule,
    enumerable: true,
    configurable: true,
  });
  require.cache = Module._cache;
  require.extensions = Module._extensions;
  return require;
}

function resolveMain(request) {
  const filename = path.resolve(request);
  const found = resolveAt(filename);
  if (!found) throw moduleNotFound(filename, undefined);
  return found;
}

function runMain() {
  const main = config.main;
  if (config.preloadModules.length > 0) {
    const preloader = new Module('internal/preload');
    preloader.filename = path.join(process.cwd(), '[preload]');
    const require = makeRequire(preloader);
    for (const id of config.preloadModules) require(id);
  }
  if (main.kind === 'check') {
    const filename = resolveMain(main.path);
    internal.compile(stripBOM(internal.fsReadText(filename)), filename, 'module');
    return;
  }
  if (main.kind === 'file') {
    const filename = resolveMain(main.path);
    process.argv[1] = filename;
    loadModule(filename, undefined, true);
    return;
  }
  // `node -e` / `-p` / piped stdin: global code with require, module, exports in scope (Node does the same).
  const filename = main.kind === 'stdin' ? '[stdin]' : '[eval]';
  const module = new Module(filename);
  module.filename = path.join(process.cwd(), filename);
  module.paths = nodeModulePaths(process.cwd());
  mainModule = undefined;
  // The tracker is read (and this global removed) by the script's first statement.
  const scope = {
    module,
    exports: module.exports,
    require: makeRequire(module),
    __filename: filename,
    __dirname: '.',
    __glassbox$track: internal.track,
  };
  for (const [name, value] of Object.entries(scope)) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }
  const result = internal.compile(main.code, filename, 'script');
  if (main.kind === 'print') require('console').log(result);
}

module.exports = { Module, runMain, resolveFilename };
