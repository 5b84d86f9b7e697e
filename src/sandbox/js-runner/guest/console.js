/* global internal */
/* Guest module `console`: Node's console on stdout/stderr, util.format semantics. */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS guest code: require() is the module system inside QuickJS. */
'use strict';

let groupIndent = '';
const counts = new Map();
const timers = new Map();

function formatArgs(args) {
  // Fast path: plain strings need no formatter (keeps `console.log('hi')` from loading inspect).
  if (args.every((arg) => typeof arg === 'string') && (args.length < 2 || !args[0].includes('%'))) return args.join(' ');
  return require('internal/inspect').format(...args);
}

function write(fd, text) {
  const indented = groupIndent === '' ? text : groupIndent + text.split('\n').join(`\n${groupIndent}`);
  internal.writeOut(fd, `${indented}\n`);
}

function log(...args) {
  write(1, formatArgs(args));
}

function error(...args) {
  write(2, formatArgs(args));
}

function formatTableValue(value) {
  return require('internal/inspect').inspect(value, { depth: 1, breakLength: Infinity, compact: true, maxArrayLength: 3 });
}

function renderTable(head, columns) {
  const rows = Math.max(0, ...columns.map((column) => column.length));
  const widths = head.map((title, i) => Math.max(title.length, ...columns[i].map((cell) => (cell === undefined ? 0 : cell.length))) + 2);
  const center = (text, width) => {
    const padding = width - text.length;
    const left = Math.floor(padding / 2);
    return ' '.repeat(left) + text + ' '.repeat(padding - left);
  };
  const line = (left, middle, right) => left + widths.map((w) => '─'.repeat(w)).join(middle) + right;
  const out = [line('┌', '┬', '┐'), `│${head.map((title, i) => center(title, widths[i])).join('│')}│`, line('├', '┼', '┤')];
  for (let r = 0; r < rows; r++) out.push(`│${columns.map((column, i) => center(column[r] === undefined ? '' : column[r], widths[i])).join('│')}│`);
  out.push(line('└', '┴', '┘'));
  return out.join('\n');
}

function table(data, properties) {
  if (data === null || typeof data !== 'object') {
    log(data);
    return;
  }
  const entries = data instanceof Map ? [...data.entries()] : Object.entries(data);
  const indexKey = data instanceof Map ? '(iteration index)' : '(index)';
  const keys = [];
  let hasPrimitives = false;
  for (const [, value] of entries) {
    if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) if (!keys.includes(key)) keys.push(key);
    } else {
      hasPrimitives = true;
    }
  }
  const shownKeys = Array.isArray(properties) ? properties : keys;
  const head = [indexKey, ...shownKeys];
  const columns = head.map(() => []);
  entries.forEach(([index, value], row) => {
    columns[0][row] = String(index);
    shownKeys.forEach((key, i) => {
      if (value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key)) columns[i + 1][row] = formatTableValue(value[key]);
    });
  });
  if (hasPrimitives) {
    head.push('Values');
    columns.push(entries.map(([, value]) => (value !== null && typeof value === 'object' ? undefined : formatTableValue(value))));
  }
  write(1, renderTable(head, columns));
}

const console = {
  log,
  info: log,
  debug: log,
  dirxml: log,
  error,
  warn: error,
  trace(...args) {
    const err = new Error(formatArgs(args));
    const frames = String(err.stack || '')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.includes('(node:console'))
      .join('\n');
    write(2, `Trace${args.length > 0 ? `: ${err.message}` : ''}\n${frames}`);
  },
  dir(object, options) {
    write(1, require('internal/inspect').inspect(object, { customInspect: false, ...options }));
  },
  assert(condition, ...args) {
    if (condition) return;
    if (args.length === 0) error('Assertion failed');
    else if (typeof args[0] === 'string') error(`Assertion failed: ${args[0]}`, ...args.slice(1));
    else error('Assertion failed:', ...args);
  },
  count(label = 'default') {
    const key = String(label);
    const count = (counts.get(key) || 0) + 1;
    counts.set(key, count);
    log(`${key}: ${count}`);
  },
  countReset(label = 'default') {
    counts.delete(String(label));
  },
  time(label = 'default') {
    const key = String(label);
    if (timers.has(key)) {
      process.emitWarning(`Label '${key}' already exists for console.time()`);
      return;
    }
    timers.set(key, internal.now());
  },
  timeEnd(label = 'default') {
    const key = String(label);
    if (!timers.has(key)) {
      process.emitWarning(`No such label '${key}' for console.timeEnd()`);
      return;
    }
    log(`${key}: ${formatDuration(internal.now() - timers.get(key))}`);
    timers.delete(key);
  },
  timeLog(label = 'default', ...data) {
    const key = String(label);
    if (!timers.has(key)) {
      process.emitWarning(`No such label '${key}' for console.timeLog()`);
      return;
    }
    log(`${key}: ${formatDuration(internal.now() - timers.get(key))}`, ...data);
  },
  group(...labels) {
    if (labels.length > 0) log(...labels);
    groupIndent += '  ';
  },
  groupEnd() {
    groupIndent = groupIndent.slice(0, -2);
  },
  table,
  clear() {},
  profile() {},
  profileEnd() {},
  timeStamp() {},
};
console.groupCollapsed = console.group;

function formatDuration(ms) {
  if (ms >= 1000) return `${(ms / 1000).toFixed(3)}s`;
  return `${ms.toFixed(3)}ms`;
}

/** `new console.Console(stdout, stderr)`: writes through the given streams. */
class Console {
  constructor(stdout, stderr) {
    const options = stdout && typeof stdout.write !== 'function' ? stdout : { stdout, stderr };
    const out = options.stdout;
    const err = options.stderr || out;
    for (const [name, method] of Object.entries(console)) this[name] = method;
    this.log = (...args) => out.write(`${formatArgs(args)}\n`);
    this.info = this.log;
    this.debug = this.log;
    this.error = (...args) => err.write(`${formatArgs(args)}\n`);
    this.warn = this.error;
  }
}
console.Console = Console;

module.exports = console;
