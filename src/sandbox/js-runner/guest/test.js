/* Guest module `node:test`: test/describe/it with hooks, run after the main module, spec-style report. */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS guest code: require() is the module system inside QuickJS. */
'use strict';

const { inspect } = require('internal/inspect');

const root = { name: '<root>', tests: [], hooks: { before: [], after: [], beforeEach: [], afterEach: [] }, parent: undefined, depth: -1 };
let current = root;
let scheduled = false;
let hasOnly = false;
const stats = { tests: 0, suites: 0, pass: 0, fail: 0, skipped: 0, todo: 0, cancelled: 0 };
const failures = [];
const startedAt = Date.now();

function parseArgs(args) {
  let name;
  let options = {};
  let fn;
  for (const arg of args) {
    if (typeof arg === 'string') name = arg;
    else if (typeof arg === 'function') fn = arg;
    else if (arg && typeof arg === 'object') options = arg;
  }
  if (name === undefined) name = fn && fn.name ? fn.name : '<anonymous>';
  return { name, options, fn };
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    runSuite(root).then(report, (error) => {
      process.exitCode = 1;
      console.error(error);
    });
  });
}

function register(kind, args, extra = {}) {
  const { name, options, fn } = parseArgs(args);
  const entry = {
    kind,
    name,
    fn,
    skip: extra.skip || options.skip,
    todo: extra.todo || options.todo,
    only: extra.only || options.only,
    timeout: options.timeout,
    parent: current,
    depth: current.depth + 1,
    tests: [],
    hooks: { before: [], after: [], beforeEach: [], afterEach: [] },
  };
  if (entry.only) hasOnly = true;
  current.tests.push(entry);
  if (kind === 'suite' && typeof fn === 'function' && !entry.skip && !entry.todo) {
    const previous = current;
    current = entry;
    try {
      fn();
    } finally {
      current = previous;
    }
  }
  schedule();
  return Promise.resolve();
}

function test(...args) {
  return register('test', args);
}
test.skip = (...args) => register('test', args, { skip: true });
test.todo = (...args) => register('test', args, { todo: true });
test.only = (...args) => register('test', args, { only: true });

function describe(...args) {
  return register('suite', args);
}
describe.skip = (...args) => register('suite', args, { skip: true });
describe.todo = (...args) => register('suite', args, { todo: true });
describe.only = (...args) => register('suite', args, { only: true });

function hook(kind) {
  return (fn) => {
    current.hooks[kind].push(fn);
  };
}

function indent(depth) {
  return '  '.repeat(Math.max(0, depth));
}

function duration(since) {
  return `(${(Date.now() - since).toFixed(0)}ms)`;
}

function callWithDone(fn, context) {
  if (fn.length >= 2) {
    return new Promise((resolve, reject) => {
      fn(context, (error) => (error ? reject(error) : resolve()));
    });
  }
  return fn(context);
}

function withTimeout(promise, ms) {
  if (!ms || ms === Infinity) return promise;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`test timed out after ${ms}ms`)), ms);
    Promise.resolve(promise).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function ancestors(entry) {
  const list = [];
  for (let node = entry.parent; node; node = node.parent) list.unshift(node);
  return list;
}

async function runHooks(list, context) {
  for (const fn of list) await fn(context);
}

function makeContext(entry) {
  const context = {
    name: entry.name,
    signal: undefined,
    skip(message) {
      entry.skipRequested = message || true;
    },
    todo(message) {
      entry.todoRequested = message || true;
    },
    diagnostic(message) {
      entry.diagnostics = entry.diagnostics || [];
      entry.diagnostics.push(String(message));
    },
    plan() {},
    test: (...args) => {
      const { name, options, fn } = parseArgs(args);
      const child = { kind: 'test', name, fn, skip: options.skip, todo: options.todo, parent: entry, depth: entry.depth + 1, tests: [], hooks: { before: [], after: [], beforeEach: [], afterEach: [] } };
      entry.subtests = entry.subtests || [];
      const run = runTest(child);
      entry.subtests.push(run);
      return run;
    },
    before: (fn) => entry.hooks.before.push(fn),
    after: (fn) => entry.hooks.after.push(fn),
    beforeEach: (fn) => entry.hooks.beforeEach.push(fn),
    afterEach: (fn) => entry.hooks.afterEach.push(fn),
    mock: undefined,
  };
  return context;
}

function printFailure(entry, error) {
  const lines = inspect(error).split('\n').map((line) => `${indent(entry.depth + 1)}${line}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function runTest(entry) {
  const started = Date.now();
  if (entry.skip || (hasOnly && !entry.only && !ancestors(entry).some((node) => node.only))) {
    stats.tests++;
    stats.skipped++;
    process.stdout.write(`${indent(entry.depth)}﹣ ${entry.name} ${duration(started)} # SKIP\n`);
    return;
  }
  if (entry.todo) {
    stats.tests++;
    stats.todo++;
    process.stdout.write(`${indent(entry.depth)}﹣ ${entry.name} ${duration(started)} # TODO\n`);
    return;
  }
  const context = makeContext(entry);
  let error;
  try {
    for (const node of ancestors(entry)) await runHooks(node.hooks.beforeEach, context);
    if (typeof entry.fn === 'function') await withTimeout(callWithDone(entry.fn, context), entry.timeout);
    if (entry.subtests) await Promise.all(entry.subtests);
    for (const node of ancestors(entry).reverse()) await runHooks(node.hooks.afterEach, context);
  } catch (e) {
    error = e === undefined ? new Error('test failed with undefined') : e;
  }
  stats.tests++;
  if (error) {
    stats.fail++;
    failures.push({ entry, error });
    process.stdout.write(`${indent(entry.depth)}✖ ${entry.name} ${duration(started)}\n`);
    printFailure(entry, error);
  } else if (entry.skipRequested) {
    stats.skipped++;
    process.stdout.write(`${indent(entry.depth)}﹣ ${entry.name} ${duration(started)} # SKIP\n`);
  } else if (entry.todoRequested) {
    stats.todo++;
    process.stdout.write(`${indent(entry.depth)}﹣ ${entry.name} ${duration(started)} # TODO\n`);
  } else {
    stats.pass++;
    process.stdout.write(`${indent(entry.depth)}✔ ${entry.name} ${duration(started)}\n`);
  }
  for (const line of entry.diagnostics || []) process.stdout.write(`${indent(entry.depth + 1)}ℹ ${line}\n`);
}

async function runSuite(suite) {
  const started = Date.now();
  if (suite !== root) {
    stats.suites++;
    process.stdout.write(`${indent(suite.depth)}▶ ${suite.name}\n`);
  }
  let error;
  try {
    await runHooks(suite.hooks.before, {});
    for (const entry of suite.tests) {
      if (entry.kind === 'suite') await runSuite(entry);
      else await runTest(entry);
    }
    await runHooks(suite.hooks.after, {});
  } catch (e) {
    error = e;
  }
  if (suite !== root) {
    if (error) {
      stats.fail++;
      failures.push({ entry: suite, error });
      process.stdout.write(`${indent(suite.depth)}✖ ${suite.name} ${duration(started)}\n`);
      printFailure(suite, error);
    } else {
      process.stdout.write(`${indent(suite.depth)}▶ ${suite.name} ${duration(started)}\n`);
    }
  } else if (error) {
    throw error;
  }
}

function report() {
  const lines = [
    `ℹ tests ${stats.tests}`,
    `ℹ suites ${stats.suites}`,
    `ℹ pass ${stats.pass}`,
    `ℹ fail ${stats.fail}`,
    `ℹ cancelled ${stats.cancelled}`,
    `ℹ skipped ${stats.skipped}`,
    `ℹ todo ${stats.todo}`,
    `ℹ duration_ms ${Date.now() - startedAt}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (failures.length > 0) {
    process.stdout.write('\n✖ failing tests:\n\n');
    for (const { entry, error } of failures) {
      process.stdout.write(`✖ ${entry.name}\n`);
      printFailure({ depth: 0 }, error);
      process.stdout.write('\n');
    }
    process.exitCode = 1;
  }
}

test.test = test;
test.describe = describe;
test.it = test;
test.suite = describe;
test.before = hook('before');
test.after = hook('after');
test.beforeEach = hook('beforeEach');
test.afterEach = hook('afterEach');
test.run = () => {
  throw new Error('node:test run() is not available in the offline sandbox; call test() in the file and run it with node');
};
test.mock = {
  fn(implementation = () => {}) {
    const calls = [];
    const mock = function mocked(...args) {
      const result = implementation.apply(this, args);
      calls.push({ arguments: args, result, this: this });
      return result;
    };
    mock.mock = { calls, callCount: () => calls.length, resetCalls: () => calls.splice(0) };
    return mock;
  },
};

module.exports = test;
