import { InMemoryFs } from 'just-bash';
import { createServer } from 'vite';
import type * as RunNodeModule from '../../src/sandbox/js-runner/run-node';
import type * as LoaderModule from '../../src/sandbox/js-runner/quickjs-loader';
import type * as JustBashFsModule from '../../src/sandbox/js-runner/just-bash-fs';
import type { BenchResult } from './result';
import { median } from './stats';

const COLD_RUNS = 5;
const WARM_RUNS = 20;

const PROJECT: Record<string, string> = {
  'math.js': 'exports.add = (a, b) => a + b;\nexports.mul = (a, b) => a * b;\n',
  'test.js':
    "const assert = require('assert');\nconst { add, mul } = require('./math');\n" +
    "assert.strictEqual(add(2, 3), 5);\nassert.deepStrictEqual([mul(2, 3)], [6]);\nconsole.log('2 tests passed');\n",
  'package.json': '{ "name": "bench", "version": "1.0.0" }\n',
};


async function projectFs(): Promise<InMemoryFs> {
  const fs = new InMemoryFs();
  await fs.mkdir('/workspace', { recursive: true });
  for (const [path, content] of Object.entries(PROJECT)) await fs.writeFile(`/workspace/${path}`, content);
  return fs;
}

interface Runner {
  runNode: typeof RunNodeModule.runNode;
  discardQuickJS: typeof LoaderModule.discardQuickJS;
  justBashWorkspaceFs: typeof JustBashFsModule.justBashWorkspaceFs;
}

/**
 * The runner bundles its guest JavaScript with Vite's `?raw` imports, which tsx (the bench
 * harness) cannot load, so it is loaded through Vite's SSR module loader, as vitest does.
 */
async function loadRunner(): Promise<{ runner: Runner; close: () => Promise<void> }> {
  const server = await createServer({ configFile: false, logLevel: 'silent', appType: 'custom', server: { middlewareMode: true, hmr: false } });
  const runNodeModule = (await server.ssrLoadModule('/src/sandbox/js-runner/run-node.ts')) as typeof RunNodeModule;
  const loader = (await server.ssrLoadModule('/src/sandbox/js-runner/quickjs-loader.ts')) as typeof LoaderModule;
  const fsModule = (await server.ssrLoadModule('/src/sandbox/js-runner/just-bash-fs.ts')) as typeof JustBashFsModule;
  return {
    runner: { runNode: runNodeModule.runNode, discardQuickJS: loader.discardQuickJS, justBashWorkspaceFs: fsModule.justBashWorkspaceFs },
    close: () => server.close(),
  };
}

/** Milliseconds for one `node <argv>` in /workspace; throws if it does not exit 0. */
async function timeRun(runner: Runner, fs: InMemoryFs, argv: string[]): Promise<number> {
  const { runNode, justBashWorkspaceFs } = runner;
  let stderr = '';
  const started = performance.now();
  const { exitCode } = await runNode({
    argv,
    cwd: '/workspace',
    fs: justBashWorkspaceFs(fs),
    stdout: () => {},
    stderr: (text) => (stderr += text),
  });
  const elapsed = performance.now() - started;
  if (exitCode !== 0) throw new Error(`node ${argv.join(' ')} exited ${exitCode}: ${stderr}`);
  return elapsed;
}

/**
 * Start-up time of the offline `node` (QuickJS in WebAssembly), in Node:
 * - first run in the process: module imports, wasm compile + instantiate, bootstrap, run;
 * - cold start: a fresh wasm instance each time (what the first `node` in a page pays, minus the download);
 * - warm start: `node -e "1"` with the instance cached (every later `node`);
 * - a small assert-based `node test.js` project, warm.
 */
export async function benchJsRunner(): Promise<BenchResult[]> {
  const fs = await projectFs();
  const { runner, close } = await loadRunner();
  const cold: number[] = [];
  const warm: number[] = [];
  const project: number[] = [];
  let first: number;
  try {
    first = await timeRun(runner, fs, ['-e', '1']);
    for (let i = 0; i < COLD_RUNS; i++) {
      runner.discardQuickJS();
      cold.push(await timeRun(runner, fs, ['-e', '1']));
    }
    for (let i = 0; i < WARM_RUNS; i++) warm.push(await timeRun(runner, fs, ['-e', '1']));
    for (let i = 0; i < WARM_RUNS; i++) project.push(await timeRun(runner, fs, ['test.js']));
  } finally {
    await close();
  }

  const round = (ms: number) => Math.round(ms * 10) / 10;
  const coldMedian = median(cold);
  const warmMedian = median(warm);
  return [
    { name: 'first node run in process (imports + wasm load)', value: round(first), unit: 'ms', note: '1 sample' },
    {
      name: 'cold start: node -e "1" with a fresh wasm instance',
      value: round(coldMedian),
      unit: 'ms',
      goal: '< 300 ms',
      pass: coldMedian < 300,
      note: `median of ${COLD_RUNS}`,
    },
    {
      name: 'warm start: node -e "1"',
      value: round(warmMedian),
      unit: 'ms',
      goal: '< 50 ms',
      pass: warmMedian < 50,
      note: `median of ${WARM_RUNS}`,
    },
    { name: 'warm: node test.js (assert, 2 modules)', value: round(median(project)), unit: 'ms', note: `median of ${WARM_RUNS}` },
  ];
}
