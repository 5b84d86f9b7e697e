/* global internal */
/* Guest module `assert`: Node's API and messages (expected/actual diff), on QuickJS. */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS guest code: require() is the module system inside QuickJS. */
'use strict';

const { inspect } = require('internal/inspect');
const { isDeepEqual, isDeepStrictEqual } = require('internal/comparisons');

const kReadableOperator = {
  deepStrictEqual: 'Expected values to be strictly deep-equal:',
  strictEqual: 'Expected values to be strictly equal:',
  strictEqualObject: 'Expected "actual" to be reference-equal to "expected":',
  deepEqual: 'Expected values to be loosely deep-equal:',
  notDeepStrictEqual: 'Expected "actual" not to be strictly deep-equal to:',
  notStrictEqual: 'Expected "actual" to be strictly unequal to:',
  notStrictEqualObject: 'Expected "actual" not to be reference-equal to "expected":',
  notDeepEqual: 'Expected "actual" not to be loosely deep-equal to:',
  notIdentical: 'Values have same structure but are not reference-equal:',
  notDeepEqualUnequal: 'Expected values not to be loosely deep-equal:',
};

function inspectValue(value) {
  return inspect(value, { compact: false, customInspect: false, depth: 1000, maxArrayLength: Infinity, showHidden: false, showProxy: false, sorted: true, getters: true, breakLength: Infinity });
}

/** Line diff of the two inspected values (longest common subsequence). */
function createDiff(actual, expected) {
  const a = inspectValue(actual).split('\n');
  const b = inspectValue(expected).split('\n');
  if (a.length === 1 && b.length === 1 && a[0] !== b[0] && (typeof actual !== 'object' || actual === null) && (typeof expected !== 'object' || expected === null)) {
    return null;
  }
  const n = a.length;
  const m = b.length;
  // Lines that differ only by a trailing comma are the same line (as in Node's diff).
  const same = (x, y) => x.replace(/,$/, '') === y.replace(/,$/, '');
  const lcs = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = same(a[i], b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const lines = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && same(a[i], b[j])) {
      lines.push(`  ${a[i].length >= b[j].length ? a[i] : b[j]}`);
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      lines.push(`+ ${a[i]}`);
      i++;
    } else {
      lines.push(`- ${b[j]}`);
      j++;
    }
  }
  // In long outputs, runs of unchanged lines far from a change are elided, as Node does.
  const keep = lines.map(
    (line, index) => lines.length <= 30 || line[0] !== ' ' || lines.slice(Math.max(0, index - 3), index + 4).some((other) => other[0] !== ' '),
  );
  const out = [];
  let skipped = false;
  lines.forEach((line, index) => {
    if (keep[index]) {
      out.push(line);
      skipped = false;
    } else if (!skipped) {
      out.push('...');
      skipped = true;
    }
  });
  return `+ actual - expected\n\n${out.join('\n')}`;
}

/** `custom`: the caller's message, which (as in Node 20.20+) replaces the header but keeps the diff. */
function generateMessage(actual, expected, operator, custom) {
  if (operator === 'deepStrictEqual' || operator === 'strictEqual') {
    const header = custom ? String(custom) : kReadableOperator[operator];
    if (operator === 'strictEqual' && typeof actual === 'object' && actual !== null && typeof expected === 'object' && expected !== null && isDeepStrictEqual(actual, expected)) {
      return `${kReadableOperator.notIdentical}\n\n${inspectValue(actual)}\n`;
    }
    const diff = createDiff(actual, expected);
    if (diff === null) return `${header}\n\n${inspectValue(actual)} !== ${inspectValue(expected)}\n`;
    return `${header}\n${diff}`;
  }
  if (operator === 'notDeepStrictEqual' || operator === 'notStrictEqual') {
    const header = kReadableOperator[operator];
    const shown = inspectValue(actual);
    if (!shown.includes('\n')) return `${header} ${shown}`;
    return `${header}\n\n${shown}\n`;
  }
  if (operator === 'deepEqual') {
    return `${kReadableOperator.deepEqual}\n\n${inspectValue(actual)}\n\nshould loosely deep-equal\n\n${inspectValue(expected)}`;
  }
  if (operator === 'notDeepEqual') {
    const shown = inspectValue(actual);
    return shown.includes('\n') ? `${kReadableOperator.notDeepEqual}\n\n${shown}\n` : `${kReadableOperator.notDeepEqual} ${shown}`;
  }
  return `${inspect(actual)} ${operator} ${inspect(expected)}`;
}

class AssertionError extends Error {
  constructor(options) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError('The "options" argument must be of type object.');
    }
    const { message, operator, actual, expected } = options;
    if (operator === 'deepStrictEqual' || operator === 'strictEqual') super(generateMessage(actual, expected, operator, message));
    else if (message != null) super(String(message));
    else super(generateMessage(actual, expected, operator));
    this.generatedMessage = !message;
    Object.defineProperty(this, 'name', { value: 'AssertionError', enumerable: false, writable: true, configurable: true });
    this.code = 'ERR_ASSERTION';
    this.actual = actual;
    this.expected = expected;
    this.operator = operator;
    // Hide assert's own frames so the first frame is the caller's line, as in Node.
    if (typeof this.stack === 'string') {
      this.stack = this.stack
        .split('\n')
        .filter((line) => !/\(node:(assert|internal)/.test(line) && !/^\s+at (node:assert|node:internal)/.test(line))
        .join('\n');
    }
  }

  toString() {
    return `${this.name} [${this.code}]: ${this.message}`;
  }

  [inspect.custom](recurseTimes, ctx) {
    return inspect(this, { ...ctx, customInspect: false, depth: 0 });
  }
}

function innerFail(obj) {
  if (obj.message instanceof Error) throw obj.message;
  throw new AssertionError(obj);
}

/** The source text of the failing `assert(...)` call, read from the caller's file. */
function sourceOfCall() {
  const stack = new Error().stack || '';
  const frame = stack
    .split('\n')
    .map((line) => /\(?([^\s()]+):(\d+):(\d+)\)?$/.exec(line.trim()))
    .find((match) => match && (match[1].startsWith('/') || match[1] === '[eval]' || match[1] === '[stdin]'));
  // Node has no source to show for `node -e` / piped code: it says `value == true` instead.
  if (!frame || frame[1] === '[eval]' || frame[1] === '[stdin]') return undefined;
  const [, file, lineText, columnText] = frame;
  let source;
  try {
    source = internal.readSource(file);
  } catch {
    return undefined;
  }
  if (typeof source !== 'string') return undefined;
  const line = source.split('\n')[Number(lineText) - 1];
  if (line === undefined) return undefined;
  const column = Math.max(0, Number(columnText) - 1);
  // QuickJS points at the call; walk back over `assert.ok` / `assert` to the start of the callee.
  let start = Math.min(column, line.length);
  while (start > 0 && /[\w$.]/.test(line[start - 1])) start--;
  let depth = 0;
  let end = line.indexOf('(', start);
  if (end === -1) return undefined;
  for (; end < line.length; end++) {
    if (line[end] === '(') depth++;
    else if (line[end] === ')' && --depth === 0) break;
  }
  return line.slice(start, end + 1).trim();
}

function innerOk(fn, argLen, value, message) {
  if (value) return;
  let generatedMessage = false;
  if (argLen === 0) {
    generatedMessage = true;
    message = 'No value argument passed to `assert.ok()`';
  } else if (message == null) {
    generatedMessage = true;
    const call = sourceOfCall();
    message = call ? `The expression evaluated to a falsy value:\n\n  ${call}\n` : `${inspect(value)} == true`;
  } else if (message instanceof Error) {
    throw message;
  }
  const err = new AssertionError({ actual: value, expected: true, message, operator: '==', stackStartFn: fn });
  err.generatedMessage = generatedMessage;
  throw err;
}

function ok(...args) {
  innerOk(ok, args.length, ...args);
}

const assert = function assert(...args) {
  innerOk(assert, args.length, ...args);
};
assert.ok = ok;
assert.AssertionError = AssertionError;

assert.fail = function fail(actual, expected, message, operator) {
  const argsLen = arguments.length;
  let internalMessage = false;
  if (argsLen === 0) {
    internalMessage = 'Failed';
  } else if (argsLen === 1) {
    message = actual;
    actual = undefined;
  } else if (argsLen === 2) {
    operator = '!=';
  }
  if (message instanceof Error) throw message;
  const err = new AssertionError({ actual, expected, operator: operator === undefined ? 'fail' : operator, message: internalMessage || message });
  if (internalMessage) err.generatedMessage = true;
  throw err;
};

assert.equal = function equal(actual, expected, message) {
  if (!(actual == expected || (actual !== actual && expected !== expected))) {
    innerFail({ actual, expected, message, operator: '==', stackStartFn: equal });
  }
};
assert.notEqual = function notEqual(actual, expected, message) {
  if (actual == expected || (actual !== actual && expected !== expected)) {
    innerFail({ actual, expected, message, operator: '!=', stackStartFn: notEqual });
  }
};
assert.deepEqual = function deepEqual(actual, expected, message) {
  if (!isDeepEqual(actual, expected)) innerFail({ actual, expected, message, operator: 'deepEqual', stackStartFn: deepEqual });
};
assert.notDeepEqual = function notDeepEqual(actual, expected, message) {
  if (isDeepEqual(actual, expected)) innerFail({ actual, expected, message, operator: 'notDeepEqual', stackStartFn: notDeepEqual });
};
assert.deepStrictEqual = function deepStrictEqual(actual, expected, message) {
  if (!isDeepStrictEqual(actual, expected)) innerFail({ actual, expected, message, operator: 'deepStrictEqual', stackStartFn: deepStrictEqual });
};
assert.notDeepStrictEqual = function notDeepStrictEqual(actual, expected, message) {
  if (isDeepStrictEqual(actual, expected)) innerFail({ actual, expected, message, operator: 'notDeepStrictEqual', stackStartFn: notDeepStrictEqual });
};
assert.strictEqual = function strictEqual(actual, expected, message) {
  if (!Object.is(actual, expected)) innerFail({ actual, expected, message, operator: 'strictEqual', stackStartFn: strictEqual });
};
assert.notStrictEqual = function notStrictEqual(actual, expected, message) {
  if (Object.is(actual, expected)) innerFail({ actual, expected, message, operator: 'notStrictEqual', stackStartFn: notStrictEqual });
};

function checkIsPromise(value) {
  return value !== null && typeof value === 'object' && typeof value.then === 'function' && typeof value.catch === 'function';
}

function getActual(fn) {
  if (typeof fn !== 'function') {
    const err = new TypeError(`The "fn" argument must be of type function. Received ${inspect(fn)}`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  try {
    fn();
  } catch (e) {
    return { threw: true, error: e };
  }
  return { threw: false };
}

async function waitForActual(promiseFn) {
  let resultPromise;
  if (typeof promiseFn === 'function') {
    resultPromise = promiseFn();
    if (!checkIsPromise(resultPromise)) {
      const err = new TypeError(`Expected instance of Promise to be returned from the "promiseFn" function but got ${inspect(resultPromise)}.`);
      err.code = 'ERR_INVALID_RETURN_VALUE';
      throw err;
    }
  } else if (checkIsPromise(promiseFn)) {
    resultPromise = promiseFn;
  } else {
    const err = new TypeError(`The "promiseFn" argument must be of type function or an instance of Promise. Received ${inspect(promiseFn)}`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  try {
    await resultPromise;
  } catch (e) {
    return { threw: true, error: e };
  }
  return { threw: false };
}

/** The compared keys of an error, shown as `Comparison {…}` in the diff (as in Node). */
class Comparison {
  constructor(obj, keys, actual) {
    for (const key of keys) {
      if (!(key in obj)) continue;
      const matches = actual !== undefined && typeof actual[key] === 'string' && obj[key] instanceof RegExp && obj[key].exec(actual[key]) !== null;
      this[key] = matches ? actual[key] : obj[key];
    }
  }
}

function compareExceptionKey(actual, expected, key, message, keys, fn) {
  if (!(key in actual) || !isDeepStrictEqual(actual[key], expected[key])) {
    if (!message) {
      const a = new Comparison(actual, keys);
      const b = new Comparison(expected, keys, actual);
      const err = new AssertionError({ actual: a, expected: b, operator: 'deepStrictEqual', stackStartFn: fn });
      err.actual = actual;
      err.expected = expected;
      err.operator = fn.name;
      throw err;
    }
    innerFail({ actual, expected, message, operator: fn.name, stackStartFn: fn });
  }
}

function expectedException(actual, expected, message, fn) {
  let generatedMessage = false;
  let throwError = false;
  if (typeof expected !== 'function') {
    if (expected instanceof RegExp) {
      const str = String(actual);
      if (expected.exec(str) !== null) return;
      if (!message) {
        generatedMessage = true;
        message = `The input did not match the regular expression ${inspect(expected)}. Input:\n\n${inspect(str)}\n`;
      }
      throwError = true;
    } else if (typeof actual !== 'object' || actual === null) {
      const err = new AssertionError({ actual, expected, message, operator: 'deepStrictEqual', stackStartFn: fn });
      err.operator = fn.name;
      throw err;
    } else {
      const keys = Object.keys(expected);
      if (expected instanceof Error) keys.push('name', 'message');
      for (const key of keys) {
        if (typeof actual[key] === 'string' && expected[key] instanceof RegExp && expected[key].exec(actual[key]) !== null) continue;
        compareExceptionKey(actual, expected, key, message, keys, fn);
      }
      return;
    }
  } else if (expected.prototype !== undefined && actual instanceof expected) {
    return;
  } else if (Object.prototype.isPrototypeOf.call(Error, expected)) {
    if (!message) {
      generatedMessage = true;
      message = 'The error is expected to be an instance of ' + `"${expected.name}". Received `;
      if (actual instanceof Error) message += `"${actual.name}"`;
      else message += `"${inspect(actual, { depth: -1 })}"`;
      if (actual && actual.message) message += `\n\nError message:\n\n${actual.message}`;
    }
    throwError = true;
  } else {
    const res = expected.call({}, actual);
    if (res !== true) {
      if (!message) {
        generatedMessage = true;
        const name = expected.name ? `"${expected.name}" ` : '';
        message = `The ${name}validation function is expected to return "true". Received ${inspect(res)}`;
        if (actual instanceof Error) message += `\n\nCaught error:\n\n${actual}`;
      }
      throwError = true;
    }
  }
  if (throwError) {
    const err = new AssertionError({ actual, expected, message, operator: fn.name, stackStartFn: fn });
    err.generatedMessage = generatedMessage;
    throw err;
  }
}

function expectsError(stackStartFn, actual, error, message) {
  if (typeof error === 'string') {
    message = error;
    error = undefined;
  }
  if (!actual.threw) {
    let details = '';
    if (error && error.name) details += ` (${error.name})`;
    details += message ? `: ${message}` : '.';
    const fnType = stackStartFn === assert.rejects ? 'rejection' : 'exception';
    innerFail({ actual: undefined, expected: error, operator: stackStartFn.name, message: `Missing expected ${fnType}${details}`, stackStartFn });
  }
  if (!error) return;
  expectedException(actual.error, error, message, stackStartFn);
}

function expectsNoError(stackStartFn, actual, error, message) {
  if (!actual.threw) return;
  if (typeof error === 'string') {
    message = error;
    error = undefined;
  }
  if (!error || (typeof error === 'function' && actual.error instanceof error) || (error instanceof RegExp && error.test(String(actual.error)))) {
    const details = message ? `: ${message}` : '.';
    const fnType = stackStartFn === assert.doesNotReject ? 'rejection' : 'exception';
    innerFail({
      actual: actual.error,
      expected: error,
      operator: stackStartFn.name,
      message: `Got unwanted ${fnType}${details}\nActual message: "${actual.error && actual.error.message}"`,
      stackStartFn,
    });
  }
  throw actual.error;
}

assert.throws = function throws(promiseFn, ...args) {
  expectsError(throws, getActual(promiseFn), ...args);
};
assert.rejects = function rejects(promiseFn, ...args) {
  return internal.track(waitForActual(promiseFn).then((actual) => expectsError(rejects, actual, ...args)));
};
assert.doesNotThrow = function doesNotThrow(fn, ...args) {
  expectsNoError(doesNotThrow, getActual(fn), ...args);
};
assert.doesNotReject = function doesNotReject(fn, ...args) {
  return internal.track(waitForActual(fn).then((actual) => expectsNoError(doesNotReject, actual, ...args)));
};

assert.ifError = function ifError(err) {
  if (err !== null && err !== undefined) {
    let message = 'ifError got unwanted exception: ';
    if (typeof err === 'object' && typeof err.message === 'string') {
      message += err.message.length === 0 && err.constructor ? err.constructor.name : err.message;
    } else {
      message += inspect(err);
    }
    const newErr = new AssertionError({ actual: err, expected: null, operator: 'ifError', message, stackStartFn: ifError });
    throw newErr;
  }
};

function internalMatch(string, regexp, message, fn) {
  if (!(regexp instanceof RegExp)) {
    const err = new TypeError(`The "regexp" argument must be an instance of RegExp. Received ${inspect(regexp)}`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  const match = fn === assert.match;
  if (typeof string !== 'string' || (regexp.exec(string) !== null) !== match) {
    if (message instanceof Error) throw message;
    const generatedMessage = !message;
    message =
      message ||
      (typeof string !== 'string'
        ? `The "string" argument must be of type string. Received type ${typeof string} (${inspect(string)})`
        : (match ? 'The input did not match the regular expression ' : 'The input was expected to not match the regular expression ') +
          `${inspect(regexp)}. Input:\n\n${inspect(string)}\n`);
    const err = new AssertionError({ actual: string, expected: regexp, message, operator: fn.name, stackStartFn: fn });
    err.generatedMessage = generatedMessage;
    throw err;
  }
}

assert.match = function match(string, regexp, message) {
  internalMatch(string, regexp, message, match);
};
assert.doesNotMatch = function doesNotMatch(string, regexp, message) {
  internalMatch(string, regexp, message, doesNotMatch);
};

function strict(...args) {
  innerOk(strict, args.length, ...args);
}
Object.assign(strict, assert, {
  equal: assert.strictEqual,
  deepEqual: assert.deepStrictEqual,
  notEqual: assert.notStrictEqual,
  notDeepEqual: assert.notDeepStrictEqual,
});
assert.strict = strict;
assert.strict.strict = assert.strict;

module.exports = assert;
