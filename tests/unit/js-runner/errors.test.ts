import { describe, expect, it } from 'vitest';
import { node } from './helpers';

describe('JS runner: errors print like Node', () => {
  it('require of a missing file: message, require stack, exit 1', async () => {
    const result = await node(['main.js'], { 'main.js': "const helper = require('./helpers/missing');\n" });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("Error: Cannot find module './helpers/missing'\nRequire stack:\n- /workspace/main.js\n");
    expect(result.stderr).toContain("code: 'MODULE_NOT_FOUND'");
    expect(result.stderr).toContain("requireStack: [ '/workspace/main.js' ]");
  });

  it('a missing main script names its absolute path', async () => {
    const result = await node(['nope.js']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("Error: Cannot find module '/workspace/nope.js'");
  });

  it('syntax error: file:line, the source line, a caret and the SyntaxError', async () => {
    const result = await node(['bad.js'], { 'bad.js': 'const a = 1;\nconst b = ;\nconsole.log(a, b);\n' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^\/workspace\/bad\.js:2\nconst b = ;\n {10}\^\n\nSyntaxError: unexpected token in expression: ';'\n/);
    expect(result.stderr).toContain('\nNode.js v20.0.0-quickjs\n');
  });

  it('a syntax error in a required module names that module', async () => {
    const result = await node(['main.js'], { 'main.js': "require('./lib');\n", 'lib.js': 'module.exports = {\n' });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('SyntaxError');
    expect(result.stderr).toContain('/workspace/lib.js');
  });

  it('thrown error: message and a stack with file names, lines and function names', async () => {
    const files = {
      'main.js': "const { parse } = require('./parser');\nparse('');\n",
      'parser.js': "function fail(input) {\n  throw new TypeError(`cannot parse ${JSON.stringify(input)}`);\n}\nfunction parse(input) { return fail(input); }\nexports.parse = parse;\n",
    };
    const result = await node(['main.js'], files);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('/workspace/parser.js:2\n  throw new TypeError(`cannot parse ${JSON.stringify(input)}`);\n');
    expect(result.stderr).toContain('TypeError: cannot parse ""\n    at fail (/workspace/parser.js:2:');
    expect(result.stderr).toMatch(/at parse \(\/workspace\/parser\.js:4:\d+\)/);
    expect(result.stderr).toMatch(/\(\/workspace\/main\.js:2:\d+\)/);
  });

  it('a thrown non-error value is reported', async () => {
    const result = await node(['-e', "throw { reason: 'nope' }"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("Uncaught { reason: 'nope' }");
  });

  it('an error in a timer callback ends the program with exit 1', async () => {
    const result = await node(['-e', "setTimeout(() => { throw new Error('late failure') }, 5); setTimeout(() => console.log('never'), 50)"]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Error: late failure');
  });

  it("'uncaughtException' listeners keep the program alive", async () => {
    const code = "process.on('uncaughtException', (e) => console.log('handled', e.message)); setTimeout(() => { throw new Error('x') }, 1); setTimeout(() => console.log('still running'), 10)";
    const result = await node(['-e', code]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('handled x\nstill running\n');
  });

  it('names browser APIs that do not exist here', async () => {
    const result = await node(['-e', "fetch('https://example.com')"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("ReferenceError: 'fetch' is not defined");
    expect(result.stderr).toContain('no network, DOM or browser storage');
  });
});

describe('JS runner: unhandled rejections', () => {
  it('an async function that throws with nobody awaiting it exits 1', async () => {
    const code = 'async function main() {\n  await null;\n  throw new Error("async failure");\n}\nmain();\n';
    const result = await node(['main.js'], { 'main.js': code });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Error: async failure');
  });

  it('Promise.reject and new Promise rejections without handlers exit 1', async () => {
    expect((await node(['-e', "Promise.reject(new Error('r1'))"])).exitCode).toBe(1);
    const plain = await node(['-e', "new Promise((_, reject) => reject('just a string'))"]);
    expect(plain.exitCode).toBe(1);
    expect(plain.stderr).toContain('The promise rejected with the reason "\'just a string\'"');
    expect((await node(['-e', "Promise.resolve().then(() => { throw new Error('in then') })"])).exitCode).toBe(1);
  });

  it('handled rejections are fine: catch, await in try, then(_, onRejected), Promise.allSettled', async () => {
    const code = [
      "Promise.reject(new Error('a')).catch(() => console.log('catch'));",
      "(async () => { try { await Promise.reject(new Error('b')) } catch { console.log('try') } })();",
      "Promise.reject(new Error('c')).then(null, () => console.log('onRejected'));",
      "Promise.allSettled([Promise.reject(new Error('d'))]).then((r) => console.log(r[0].status));",
      "async function f() { throw new Error('e') } f().catch(() => console.log('async catch'));",
    ].join('\n');
    const result = await node(['-e', code]);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual(['async catch', 'catch', 'onRejected', 'rejected', 'try']);
  });

  it("'unhandledRejection' listeners get the reason", async () => {
    const result = await node(['-e', "process.on('unhandledRejection', (reason) => console.log('got', reason)); Promise.reject(42)"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('got 42\n');
  });
});

describe('JS runner: exit codes', () => {
  it.each([
    ['process.exit()', 0],
    ['process.exit(0)', 0],
    ['process.exit(3)', 3],
    ['process.exitCode = 4', 4],
    ['process.exitCode = 4; process.exit(5)', 5],
    ['process.exit(256 + 7)', 7],
  ])('%s → %i', async (code, expected) => {
    expect((await node(['-e', code])).exitCode).toBe(expected);
  });

  it('process.exit stops at once: no later output, timers or file writes', async () => {
    const code = [
      "setTimeout(() => console.log('timer'), 0);",
      "function deep() { try { process.exit(9) } finally { console.log('finally'); require('fs').writeFileSync('late.txt', 'x') } }",
      'deep();',
      "console.log('after');",
    ].join('\n');
    const result = await node(['main.js'], { 'main.js': code });
    expect(result.exitCode).toBe(9);
    expect(result.stdout).toBe('');
    expect(await result.fs.exists('/workspace/late.txt')).toBe(false);
  });

  it("emits 'exit' with the code, once", async () => {
    const result = await node(['-e', "process.on('exit', (code) => console.log('exit', code)); process.exitCode = 2"]);
    expect(result).toMatchObject({ exitCode: 2, stdout: 'exit 2\n' });
    const viaExit = await node(['-e', "process.on('exit', (code) => console.log('exit', code)); process.exit(6)"]);
    expect(viaExit).toMatchObject({ exitCode: 6, stdout: 'exit 6\n' });
  });
});
