import { describe, expect, it } from 'vitest';
import { node } from './helpers';

describe('JS runner: CommonJS modules', () => {
  it('requires ./x, ./x.js, a directory index, JSON, and caches modules', async () => {
    const files = {
      'main.js': [
        "const a = require('./lib/a');",
        "const a2 = require('./lib/a.js');",
        "const utils = require('./utils');",
        "const config = require('./config.json');",
        "console.log(a.name, a === a2, utils.twice(21), config.port, config.tags);",
      ].join('\n'),
      'lib/a.js': "exports.name = 'a';",
      'utils/index.js': 'module.exports = { twice: (n) => n * 2 };',
      'config.json': '{ "port": 8080, "tags": ["x", "y"] }',
    };
    const result = await node(['main.js'], files);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe("a true 42 8080 [ 'x', 'y' ]\n");
  });

  it('gives __filename, __dirname, require.main === module, module.exports vs exports', async () => {
    const files = {
      'src/app.js': [
        "const lib = require('./lib');",
        "console.log(__filename, __dirname, require.main === module, lib.isMain, typeof lib.fn, module.id);",
      ].join('\n'),
      'src/lib.js': 'exports.ignored = true;\nmodule.exports = { isMain: require.main === module, fn() {} };',
    };
    const result = await node(['src/app.js'], files);
    expect(result.stdout).toBe('/workspace/src/app.js /workspace/src true false function .\n');
  });

  it('resolves packages in node_modules (main field, index, exports, scoped)', async () => {
    const files = {
      'main.js': "console.log(require('left-pad')('7', 3), require('plain').ok, require('modern/feature'), require('@scope/pkg'))",
      'node_modules/left-pad/package.json': '{ "main": "lib/pad.js" }',
      'node_modules/left-pad/lib/pad.js': "module.exports = (s, n) => s.padStart(n, '0');",
      'node_modules/plain/index.js': 'exports.ok = "plain";',
      'node_modules/modern/package.json': '{ "exports": { ".": "./index.js", "./feature": { "require": "./feature.cjs", "import": "./feature.mjs" } } }',
      'node_modules/modern/feature.cjs': "module.exports = 'feature';",
      'node_modules/@scope/pkg/index.js': "module.exports = 'scoped';",
    };
    const result = await node(['main.js'], files);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('007 plain feature scoped\n');
  });

  it('handles require cycles like Node (partial exports)', async () => {
    const files = {
      'a.js': "exports.early = 'a-early';\nconst b = require('./b');\nexports.late = 'a-late';\nconsole.log(b.sawA);",
      'b.js': "const a = require('./a');\nexports.sawA = JSON.stringify(a);",
    };
    expect((await node(['a.js'], files)).stdout).toBe('{"early":"a-early"}\n');
  });

  it('core modules with and without the node: prefix', async () => {
    const code = "console.log(require('node:path') === require('path'), require('fs/promises') === require('fs').promises, typeof require('node:test'), require('assert/strict') === require('assert').strict)";
    expect((await node(['-e', code])).stdout).toBe('true true function true\n');
  });

  it("an unknown core module fails like Node, saying why (no networking here)", async () => {
    const result = await node(['server.js'], { 'server.js': "const http = require('http');\n" });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("Error: Cannot find module 'http'\n");
    expect(result.stderr).toContain('cannot do networking');
    expect(result.stderr).toContain('Require stack:\n- /workspace/server.js');
    expect((await node(['-e', "require('child_process')"])).stderr).toContain('cannot start processes');
  });

  it('explains that ES modules are not supported', async () => {
    const result = await node(['esm.js'], { 'esm.js': "import fs from 'fs';\nconsole.log(fs);\n" });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('SyntaxError: Cannot use import statement outside a module');
    expect(result.stderr).toContain('CommonJS only');
  });

  it('strips a shebang line and a BOM', async () => {
    const result = await node(['cli.js'], { 'cli.js': '\uFEFF#!/usr/bin/env node\nconsole.log("cli ran")\n' });
    expect(result.stdout).toBe('cli ran\n');
  });

  it('-e and -p run in the working directory with require', async () => {
    const files = { 'lib.js': 'module.exports = 6 * 7;' };
    expect((await node(['-p', "require('./lib')"], files)).stdout).toBe('42\n');
    expect((await node(['-e', "console.log(require('./lib'), __filename)"], files)).stdout).toBe('42 [eval]\n');
  });

  it('passes arguments in process.argv', async () => {
    const result = await node(['args.js', '--flag', 'value'], { 'args.js': 'console.log(process.argv)' });
    expect(result.stdout).toBe("[ '/usr/local/bin/node', '/workspace/args.js', '--flag', 'value' ]\n");
  });

  it('-r preloads a module; --check only parses', async () => {
    const files = { 'setup.js': 'globalThis.ready = "yes";', 'main.js': 'console.log(ready)' };
    expect((await node(['-r', './setup.js', 'main.js'], files)).stdout).toBe('yes\n');
    expect(await node(['--check', 'main.js'], files)).toMatchObject({ exitCode: 0, stdout: '' });
    expect((await node(['--check', 'bad.js'], { 'bad.js': 'let = ;' })).exitCode).toBe(1);
  });
});
