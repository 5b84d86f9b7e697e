/* global internal */
/* Guest module `url`: WHATWG URL (parsed by the host's own URL) and URLSearchParams, fileURLToPath, pathToFileURL. */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS guest code: require() is the module system inside QuickJS. */
'use strict';

const path = require('path');

const customInspect = Symbol.for('nodejs.util.inspect.custom');
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function codedError(Type, code, message) {
  const err = new Type(message);
  err.code = code;
  return err;
}

function invalidUrl(input, base) {
  const err = codedError(TypeError, 'ERR_INVALID_URL', 'Invalid URL');
  err.input = input;
  if (base !== undefined) err.base = base;
  return err;
}

function missingArgs(name) {
  return codedError(TypeError, 'ERR_MISSING_ARGS', `The "${name}" argument must be specified`);
}

/** USVString conversion: lone surrogates become U+FFFD. */
function usv(value) {
  return String(value).replace(LONE_SURROGATES, '\ufffd');
}

function parts(input, base, key, value) {
  const json = internal.urlParts(input, base, key, value);
  return json === undefined ? undefined : JSON.parse(json);
}

// ---- application/x-www-form-urlencoded ---------------------------------------------------------

function formEncode(text) {
  return encodeURIComponent(usv(text))
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** Percent-decoding that, like the URL standard, leaves malformed escapes and bad UTF-8 be. */
function percentDecode(text) {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    const bytes = [];
    for (let i = 0; i < text.length; i++) {
      const hex = text.slice(i + 1, i + 3);
      if (text[i] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        const code = text.codePointAt(i);
        const char = String.fromCodePoint(code);
        for (const byte of new Uint8Array(internal.encodeUtf8(char))) bytes.push(byte);
        i += char.length - 1;
      }
    }
    return internal.decodeUtf8(new Uint8Array(bytes));
  }
}

function formDecode(text) {
  return percentDecode(text.replace(/\+/g, ' '));
}

function parseQuery(query) {
  const list = [];
  for (const piece of query.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const name = eq === -1 ? piece : piece.slice(0, eq);
    const value = eq === -1 ? '' : piece.slice(eq + 1);
    list.push([formDecode(name), formDecode(value)]);
  }
  return list;
}

// ---- URLSearchParams ---------------------------------------------------------------------------

/** params → its name/value list; params → the URL it belongs to (searchParams), which it updates. */
const lists = new WeakMap();
const owners = new WeakMap();

function listOf(params) {
  const list = lists.get(params);
  if (!list) throw codedError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of type URLSearchParams');
  return list;
}

function changed(params) {
  const url = owners.get(params);
  if (url) url[kSetSearch](params.toString());
}

class URLSearchParams {
  constructor(init = undefined) {
    let list = [];
    if (init === undefined || init === null) {
      list = [];
    } else if (typeof init === 'object' || typeof init === 'function') {
      if (typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          const entry = [...pair];
          if (entry.length !== 2) throw codedError(TypeError, 'ERR_INVALID_TUPLE', 'Each query pair must be an iterable [name, value] tuple');
          list.push([usv(entry[0]), usv(entry[1])]);
        }
      } else {
        for (const key of Object.keys(init)) list.push([usv(key), usv(init[key])]);
      }
    } else {
      const text = usv(init);
      list = parseQuery(text.startsWith('?') ? text.slice(1) : text);
    }
    lists.set(this, list);
  }

  get size() {
    return listOf(this).length;
  }

  append(name, value) {
    if (arguments.length < 2) throw missingArgs(arguments.length === 0 ? 'name' : 'value');
    listOf(this).push([usv(name), usv(value)]);
    changed(this);
  }

  delete(name, value = undefined) {
    if (arguments.length < 1) throw missingArgs('name');
    const list = listOf(this);
    const key = usv(name);
    const only = value === undefined ? undefined : usv(value);
    lists.set(
      this,
      list.filter(([n, v]) => n !== key || (only !== undefined && v !== only)),
    );
    changed(this);
  }

  get(name) {
    if (arguments.length < 1) throw missingArgs('name');
    const key = usv(name);
    const found = listOf(this).find(([n]) => n === key);
    return found ? found[1] : null;
  }

  getAll(name) {
    if (arguments.length < 1) throw missingArgs('name');
    const key = usv(name);
    return listOf(this)
      .filter(([n]) => n === key)
      .map(([, v]) => v);
  }

  has(name, value = undefined) {
    if (arguments.length < 1) throw missingArgs('name');
    const key = usv(name);
    const only = value === undefined ? undefined : usv(value);
    return listOf(this).some(([n, v]) => n === key && (only === undefined || v === only));
  }

  set(name, value) {
    if (arguments.length < 2) throw missingArgs(arguments.length === 0 ? 'name' : 'value');
    const key = usv(name);
    const list = listOf(this);
    const index = list.findIndex(([n]) => n === key);
    if (index === -1) {
      list.push([key, usv(value)]);
    } else {
      list[index] = [key, usv(value)];
      lists.set(
        this,
        list.filter(([n], i) => i <= index || n !== key),
      );
    }
    changed(this);
  }

  sort() {
    // Stable, by UTF-16 code units (Array.prototype.sort is stable).
    listOf(this).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    changed(this);
  }

  forEach(callback, thisArg = undefined) {
    if (typeof callback !== 'function') throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "callback" argument must be of type function');
    const list = listOf(this);
    for (let i = 0; i < list.length; i++) callback.call(thisArg, list[i][1], list[i][0], this);
  }

  *entries() {
    const list = listOf(this);
    for (let i = 0; i < list.length; i++) yield [list[i][0], list[i][1]];
  }

  *keys() {
    for (const [name] of this.entries()) yield name;
  }

  *values() {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator]() {
    return this.entries();
  }

  toString() {
    return listOf(this)
      .map(([n, v]) => `${formEncode(n)}=${formEncode(v)}`)
      .join('&');
  }

  get [Symbol.toStringTag]() {
    return 'URLSearchParams';
  }

  [customInspect](depth, options, inspect) {
    const list = listOf(this);
    if (list.length === 0) return 'URLSearchParams {}';
    const show = (value) => (typeof inspect === 'function' ? inspect(value, options) : JSON.stringify(value));
    const items = list.map(([n, v]) => `${show(n)} => ${show(v)}`);
    const oneLine = `URLSearchParams { ${items.join(', ')} }`;
    return oneLine.length <= 80 ? oneLine : `URLSearchParams {\n  ${items.join(',\n  ')} }`;
  }
}

// ---- URL ---------------------------------------------------------------------------------------

const kSetSearch = Symbol('setSearch');
const state = new WeakMap();

function partsOf(url) {
  const own = state.get(url);
  if (!own) throw codedError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of type URL');
  return own;
}

class URL {
  constructor(input, base = undefined) {
    if (arguments.length === 0) throw missingArgs('url');
    const text = usv(input);
    const baseText = base === undefined ? undefined : usv(base);
    const parsed = parts(text, baseText);
    if (!parsed) throw invalidUrl(text, baseText);
    state.set(this, { parts: parsed, params: undefined });
  }

  static canParse(input, base = undefined) {
    if (arguments.length === 0) throw missingArgs('url');
    return parts(usv(input), base === undefined ? undefined : usv(base)) !== undefined;
  }

  [kSetSearch](query) {
    const own = partsOf(this);
    own.parts = parts(own.parts.href, undefined, 'search', query) || own.parts;
  }

  get searchParams() {
    const own = partsOf(this);
    if (!own.params) {
      own.params = new URLSearchParams(own.parts.search);
      owners.set(own.params, this);
    }
    return own.params;
  }

  get href() {
    return partsOf(this).parts.href;
  }

  set href(value) {
    const own = partsOf(this);
    const text = usv(value);
    const parsed = parts(text);
    if (!parsed) throw invalidUrl(text);
    own.parts = parsed;
    if (own.params) lists.set(own.params, parseQuery(parsed.search.slice(1)));
  }

  get origin() {
    return partsOf(this).parts.origin;
  }

  get search() {
    return partsOf(this).parts.search;
  }

  set search(value) {
    const own = partsOf(this);
    own.parts = parts(own.parts.href, undefined, 'search', usv(value)) || own.parts;
    if (own.params) lists.set(own.params, parseQuery(own.parts.search.slice(1)));
  }

  toString() {
    return this.href;
  }

  toJSON() {
    return this.href;
  }

  get [Symbol.toStringTag]() {
    return 'URL';
  }

  [customInspect](depth, options, inspect) {
    if (typeof depth === 'number' && depth < 0) return this;
    const p = partsOf(this).parts;
    const shown = {
      href: p.href,
      origin: p.origin,
      protocol: p.protocol,
      username: p.username,
      password: p.password,
      host: p.host,
      hostname: p.hostname,
      port: p.port,
      pathname: p.pathname,
      search: p.search,
      searchParams: this.searchParams,
      hash: p.hash,
    };
    return `URL ${typeof inspect === 'function' ? inspect(shown, options) : JSON.stringify(shown)}`;
  }
}

for (const key of ['protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'hash']) {
  Object.defineProperty(URL.prototype, key, {
    get() {
      return partsOf(this).parts[key];
    },
    set(value) {
      const own = partsOf(this);
      own.parts = parts(own.parts.href, undefined, key, usv(value)) || own.parts;
    },
    enumerable: true,
    configurable: true,
  });
}
for (const key of ['href', 'origin', 'search', 'searchParams', 'toString', 'toJSON']) {
  Object.defineProperty(URL.prototype, key, { ...Object.getOwnPropertyDescriptor(URL.prototype, key), enumerable: true });
}

// ---- file: URLs ----------------------------------------------------------------------------------

function fileURLToPath(input) {
  const url = typeof input === 'string' ? new URL(input) : input;
  if (!(url instanceof URL)) {
    throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "path" argument must be of type string or an instance of URL. Received ${input === null ? 'null' : typeof input}`);
  }
  if (url.protocol !== 'file:') throw codedError(TypeError, 'ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file');
  if (url.hostname !== '') throw codedError(TypeError, 'ERR_INVALID_FILE_URL_HOST', 'File URL host must be "localhost" or empty on linux');
  const pathname = url.pathname;
  if (/%2f/i.test(pathname)) throw codedError(TypeError, 'ERR_INVALID_FILE_URL_PATH', 'File URL path must not include encoded / characters');
  return percentDecode(pathname);
}

function pathToFileURL(filepath) {
  let resolved = path.resolve(filepath);
  if (filepath.endsWith('/') && !resolved.endsWith('/')) resolved += '/';
  const url = new URL('file://');
  url.pathname = resolved.replace(/%/g, '%25').replace(/\\/g, '%5C').replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/\t/g, '%09');
  return url;
}

function legacy(name) {
  return () => {
    throw new Error(`url.${name}() (the legacy URL API) is not available in the offline sandbox: use new URL()`);
  };
}

module.exports = {
  URL,
  URLSearchParams,
  fileURLToPath,
  pathToFileURL,
  parse: legacy('parse'),
  format: legacy('format'),
  resolve: legacy('resolve'),
};
