import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodeCommand } from '../../../src/sandbox/js-runner';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
import type { Sandbox } from '../../../src/sandbox/port';

/** A small project with a plain assert-based test file, as a lesson would ship it. */
const PROJECT: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'cart', version: '1.0.0', scripts: { test: 'node test.js' } }, null, 2),
  'src/cart.js': [
    'class Cart {',
    '  constructor() { this.items = []; }',
    '  add(name, price, qty = 1) { this.items.push({ name, price, qty }); return this; }',
    '  total() { return this.items.reduce((sum, item) => sum + item.price * item.qty, 0); }',
    '  names() { return this.items.map((item) => item.name); }',
    '}',
    'module.exports = { Cart };',
  ].join('\n'),
  'src/format.js': "exports.money = (cents) => `$${(cents / 100).toFixed(2)}`;\n",
  'test.js': [
    "const assert = require('assert');",
    "const { Cart } = require('./src/cart');",
    "const { money } = require('./src/format');",
    'let passed = 0;',
    'function test(name, fn) {',
    '  try { fn(); passed++; console.log(`ok - ${name}`); }',
    '  catch (error) { console.log(`not ok - ${name}`); console.error(error.message); process.exitCode = 1; }',
    '}',
    "test('empty cart totals zero', () => assert.strictEqual(new Cart().total(), 0));",
    "test('totals price times quantity', () => assert.strictEqual(new Cart().add('tea', 250, 2).add('cake', 400).total(), 900));",
    "test('lists item names', () => assert.deepStrictEqual(new Cart().add('tea', 1).add('jam', 2).names(), ['tea', 'jam']));",
    "test('formats money', () => assert.equal(money(905), '$9.05'));",
    'console.log(`${passed} passed`);',
  ].join('\n'),
};

describe('JS runner: a project with `node test.js`, through the offline sandbox', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await createOfflineSandbox({ commands: [createNodeCommand({ timeoutMs: 5_000 })] });
    for (const [path, content] of Object.entries(PROJECT)) await sandbox.fs.write(path, content);
  });
  afterEach(async () => {
    await sandbox.dispose();
  });

  it('reports node as a capability', () => {
    expect(sandbox.capabilities.node).toBe(true);
  });

  it('a passing suite exits 0', async () => {
    const result = await sandbox.exec('node test.js');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('ok - empty cart totals zero\nok - totals price times quantity\nok - lists item names\nok - formats money\n4 passed\n');
    expect(result.exitCode).toBe(0);
  });

  it('a failing test exits 1 with a readable assertion message (expected vs actual)', async () => {
    await sandbox.fs.write('src/cart.js', PROJECT['src/cart.js']!.replace('item.price * item.qty', 'item.price'));
    const result = await sandbox.exec('node test.js');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('not ok - totals price times quantity');
    expect(result.stderr).toBe('Expected values to be strictly equal:\n\n650 !== 900\n\n');
  });

  it('an uncaught assertion prints where it failed, with the diff of deep values', async () => {
    await sandbox.fs.write(
      'deep.test.js',
      "const assert = require('assert');\nconst { Cart } = require('./src/cart');\nassert.deepStrictEqual(new Cart().add('tea', 1).names(), ['tea', 'jam']);\n",
    );
    const result = await sandbox.exec('node deep.test.js');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("/workspace/deep.test.js:3\nassert.deepStrictEqual(new Cart().add('tea', 1).names(), ['tea', 'jam']);\n");
    expect(result.stderr).toContain("AssertionError [ERR_ASSERTION]: Expected values to be strictly deep-equal:\n+ actual - expected\n\n  [\n    'tea',\n-   'jam'\n  ]\n    at ");
    expect(result.stderr).toContain('at <anonymous> (/workspace/deep.test.js:3:');
  });

  it('node:test suites pass and fail for real', async () => {
    await sandbox.fs.write(
      'spec.js',
      [
        "const test = require('node:test');",
        "const assert = require('node:assert');",
        "const { Cart } = require('./src/cart');",
        "test('total', () => assert.strictEqual(new Cart().add('a', 2, 3).total(), 6));",
        "test('broken', () => assert.strictEqual(new Cart().total(), 1));",
      ].join('\n'),
    );
    const result = await sandbox.exec('node spec.js');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/✔ total \(\d+ms\)/);
    expect(result.stdout).toMatch(/✖ broken \(\d+ms\)/);
    expect(result.stdout).toContain('ℹ pass 1\nℹ fail 1');
    expect(result.stdout).toContain('0 !== 1');
  });

  it('files the program writes show up in the workspace and its watchers', async () => {
    const changes: string[] = [];
    const unsubscribe = sandbox.fs.watch?.((change) => changes.push(`${change.kind} ${change.path}`));
    const result = await sandbox.exec(`node -e "require('fs').writeFileSync('report.txt', 'total: ' + 42)" && cat report.txt`);
    unsubscribe?.();
    expect(result.stdout).toBe('total: 42');
    expect(await sandbox.fs.readText('report.txt')).toBe('total: 42');
    expect(changes.some((change) => change.endsWith('report.txt'))).toBe(true);
  });

  it('works in pipelines, with redirects and a changed directory', async () => {
    expect((await sandbox.exec('echo "console.log(6 * 7)" | node')).stdout).toBe('42\n');
    expect((await sandbox.exec("printf 'a\\nb\\n' | node -e \"console.log(require('fs').readFileSync(0, 'utf8').split('\\n').length)\"")).stdout).toBe('3\n');
    expect((await sandbox.exec('node -p "1 + 1" > two.txt && cat two.txt')).stdout).toBe('2\n');
    expect((await sandbox.exec('cd src && node -p "process.cwd()"')).stdout).toBe('/workspace/src\n');
  });

  it('node -v, --help, and a clear message for the REPL', async () => {
    expect(await sandbox.exec('node -v')).toMatchObject({ stdout: 'v20.0.0-quickjs\n', exitCode: 0 });
    expect(await sandbox.exec('node --version')).toMatchObject({ stdout: 'v20.0.0-quickjs\n', exitCode: 0 });
    expect((await sandbox.exec('node --help')).stdout).toContain('QuickJS');
    const repl = await sandbox.exec('node');
    expect(repl.exitCode).toBe(1);
    expect(repl.stderr).toContain('the interactive REPL is not available in the offline sandbox');
    const bad = await sandbox.exec('node --frobnicate x.js');
    expect(bad).toMatchObject({ exitCode: 9, stderr: 'node: bad option: --frobnicate\n' });
  });

  it('a runaway loop is stopped by the command and the shell carries on', async () => {
    await sandbox.dispose();
    sandbox = await createOfflineSandbox({ commands: [createNodeCommand({ timeoutMs: 300 })] });
    const result = await sandbox.exec('node -e "for (;;) {}"; echo "exit=$?"');
    expect(result.stderr).toContain('node: script timed out after 0.3 s (offline sandbox limit)');
    expect(result.stdout).toBe('exit=124\n');
  });
});
