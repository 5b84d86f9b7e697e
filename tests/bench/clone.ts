/**
 * Cloning a repository into the sandbox (issue #10): a ~400-file and a ~15,000-file repository,
 * made with real git for the run and served by a real `git http-backend` on loopback
 * (tests/support/git-server.mjs), cloned by the app's own code in headless Chromium
 * (tests/bench/clone-page/: cloneRepository into the staging fs, then `restore` into the offline
 * sandbox) against native `git clone --depth 1` of the same URL in the same run. After each clone
 * one file is edited and `git status` timed through the sandbox's `git` command (the median of
 * those first statuses is the number: the first is what a user meets, and it varies most), then
 * twice more; against native `git status` in a native clone with the same edit.
 *
 * Every browser step and every spawned process has a deadline: a step that runs out is reported as
 * a failed row saying what it reached, and the run goes on. `CLONE_BENCH_ONLY=small` (or `large`)
 * runs one of the two cases; `CLONE_BENCH_RUNS=1` clones once instead of the case's runs (for a
 * quick look, not for the numbers); `CLONE_BENCH_PROFILE=<dir>` writes Chromium CPU profiles of
 * the first Glassbox clone and the first git status there (open them in DevTools' Performance panel).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, preview } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium, INSTALL_HINT } from '../support/find-chromium.mjs';
import { makeRepository, startGitServer } from '../support/git-server.mjs';
import type { CloneTimings, StatusTimings } from './clone-page/page';
import type { BenchResult } from './result';
import { median } from './stats';

/** The deadline of every browser step and every spawned process. */
const STEP_TIMEOUT_MS = 120_000;

interface Case {
  label: string;
  name: string;
  files: number;
  cloneGoal: number;
  statusGoal?: number;
  nativeRuns: number;
  glassboxRuns: number;
}

const ALL_CASES: Case[] = [
  { label: '400 files', name: 'small', files: 400, cloneGoal: 2, nativeRuns: 5, glassboxRuns: 3 },
  { label: '15,000 files', name: 'large', files: 15_000, cloneGoal: 3, statusGoal: 3, nativeRuns: 3, glassboxRuns: 5 },
];
const CASES = ALL_CASES.filter((scenario) => !process.env.CLONE_BENCH_ONLY || scenario.name === process.env.CLONE_BENCH_ONLY).map((scenario) =>
  process.env.CLONE_BENCH_RUNS ? { ...scenario, glassboxRuns: Number(process.env.CLONE_BENCH_RUNS), nativeRuns: Number(process.env.CLONE_BENCH_RUNS) } : scenario,
);
const PROFILE_DIR = process.env.CLONE_BENCH_PROFILE;


class StepTimeout extends Error {}

function withTimeout<T>(work: Promise<T>, what: string, ms = STEP_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepTimeout(`${what} timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

const say = (text: string) => process.stdout.write(`[clone] ${text}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;

/** A deterministic pseudo-random source, so every run clones the same bytes. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const WORDS = ['value', 'result', 'index', 'options', 'config', 'state', 'items', 'count', 'name', 'path', 'data', 'error', 'event', 'handler', 'buffer', 'token', 'node', 'entry', 'cache', 'limit'];

/** Source-like text of about `bytes` characters: it compresses like code, not like noise or zeros. */
function sourceFile(bytes: number, next: () => number, id: number): string {
  const pick = () => WORDS[Math.floor(next() * WORDS.length)] ?? 'value';
  const lines = [`// module ${id}`, `import { ${pick()} } from './${pick()}';`, ''];
  let size = lines.join('\n').length;
  while (size < bytes) {
    const line =
      next() < 0.3
        ? `export function ${pick()}${id}_${Math.floor(next() * 1000)}(${pick()}: number, ${pick()}: string): number {`
        : next() < 0.5
          ? `  const ${pick()}${Math.floor(next() * 100)} = ${pick()}.${pick()}(${Math.floor(next() * 10000)}, '${pick()}-${Math.floor(next() * 1e6).toString(36)}');`
          : next() < 0.8
            ? `  if (${pick()} > ${Math.floor(next() * 500)}) return ${pick()} * ${Math.floor(next() * 97)};`
            : '}';
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A repository of `count` files the way projects look: nested directories of small source files
 * (most under 4 kB), a few large generated files and binary assets, a README and a package.json;
 * then a second commit that edits some files and adds a few.
 */
function repository(count: number): { commits: Array<Record<string, string | Uint8Array>>; edited: string } {
  const next = random(count);
  const first: Record<string, string | Uint8Array> = {
    'README.md': `# Bench repository\n\n${count} files, made by tests/bench/clone.ts.\n`,
    'package.json': `${JSON.stringify({ name: `bench-${count}`, version: '1.0.0', type: 'module' }, null, 2)}\n`,
    '.gitignore': 'node_modules/\ndist/\n',
  };
  const areas = ['core', 'ui', 'server', 'util', 'test', 'docs'];
  const large = Math.max(2, Math.round(count / 2000));
  for (let index = 0, made = Object.keys(first).length; made < count; index++) {
    const area = areas[index % areas.length] ?? 'core';
    const module = Math.floor(index / 37) % Math.max(1, Math.round(count / 150));
    const nested = index % 5 === 0 ? `/nested-${index % 3}` : '';
    if (index < large) {
      first[`vendor/generated-${index}.js`] = sourceFile(150_000 + Math.floor(next() * 250_000), next, index);
      const bytes = new Uint8Array(40_000 + Math.floor(next() * 60_000));
      for (let at = 0; at < bytes.length; at++) bytes[at] = Math.floor(next() * 256);
      first[`assets/image-${index}.bin`] = bytes;
      made += 2;
      continue;
    }
    const size = next() < 0.9 ? 200 + Math.floor(next() * 3500) : 4000 + Math.floor(next() * 12000);
    first[`src/${area}/module-${module}${nested}/file-${index - large}.ts`] = sourceFile(size, next, index);
    made += 1;
  }
  const second: Record<string, string | Uint8Array> = {};
  const paths = Object.keys(first).filter((path) => path.endsWith('.ts'));
  for (let at = 0; at < paths.length; at += 20) second[paths[at] ?? 'README.md'] = sourceFile(800, next, at + 1_000_000);
  for (let at = 0; at < 5; at++) second[`src/added/file-${at}.ts`] = sourceFile(600, next, at + 2_000_000);
  // The file the status measures edit: a small source file, as after a one-line change.
  return { commits: [first, second], edited: paths[1] ?? 'README.md' };
}

/** Runs a program with the step deadline; rejects with its stderr when it fails. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((done, fail) => {
    execFile(command, args, { cwd, env, timeout: STEP_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`${command} ${args.join(' ')}: ${error.killed ? `killed after ${STEP_TIMEOUT_MS / 1000} s` : stderr || error.message}`));
      else done(stdout);
    });
  });
}

interface NativeTimings {
  cloneMs: number[];
  statusMs: number[];
}

/** `git clone --depth 1` of the URL, `runs` times; the last clone then gets the edit and `git status`. */
async function nativeCase(url: string, scratch: string, runs: number, label: string, edited: string): Promise<NativeTimings> {
  const home = mkdtempSync(join(scratch, 'home-'));
  const env = { ...process.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };
  const cloneMs: number[] = [];
  let dest = '';
  for (let at = 0; at < runs; at++) {
    if (dest) rmSync(dest, { recursive: true, force: true });
    dest = join(scratch, `native-${at}`);
    const started = performance.now();
    await run('git', ['clone', '-q', '--depth', '1', url, dest], scratch, env);
    cloneMs.push(performance.now() - started);
    say(`${label}: native clone ${at + 1}/${runs} ${seconds(cloneMs.at(-1) ?? 0)}`);
  }
  const file = join(dest, edited);
  writeFileSync(file, `${readFileSync(file, 'utf8')}\n// edited by the bench\n`);
  const statusMs: number[] = [];
  for (let at = 0; at < 5; at++) {
    const started = performance.now();
    const output = await run('git', ['status', '--porcelain'], dest, env);
    statusMs.push(performance.now() - started);
    if (output.trim() !== `M ${edited}`) throw new Error(`native git status said ${JSON.stringify(output)}`);
  }
  rmSync(dest, { recursive: true, force: true });
  return { cloneMs, statusMs };
}

interface GlassboxTimings {
  clones: CloneTimings[];
  /** The first status after each clone and its edit (what a user meets). */
  firstStatuses: StatusTimings[];
  /** Two more after the last one. */
  repeatedStatuses: StatusTimings[];
}

/** The bench page, opened fresh for each case so a stuck case cannot hold up the next. */
async function openPage(browser: Browser, url: string, progress: (line: string) => void): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('console', (message) => {
    const text = message.text();
    if (text.startsWith('[clone]')) progress(text.slice('[clone] '.length));
  });
  await withTimeout(page.goto(url), 'opening the bench page');
  await withTimeout(page.waitForFunction(() => window.cloneBench !== undefined), 'loading the bench page');
  return page;
}

/** `work`, with a Chromium CPU profile of it written to PROFILE_DIR/<name>.cpuprofile when profiling was asked for. */
async function profiled<T>(page: Page, name: string, work: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR) return work();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    mkdirSync(PROFILE_DIR, { recursive: true });
    writeFileSync(join(PROFILE_DIR, `${name}.cpuprofile`), JSON.stringify(profile));
    await cdp.detach();
  }
}

async function glassboxCase(page: Page, url: string, runs: number, label: string, edited: string, reached: { step: string }): Promise<GlassboxTimings> {
  const clones: CloneTimings[] = [];
  const firstStatuses: StatusTimings[] = [];
  const status = async (name: string, profile: boolean): Promise<StatusTimings> => {
    reached.step = name;
    const statusOnce = () => withTimeout(page.evaluate(() => window.cloneBench!.status()), `${label}: Glassbox ${name}`);
    const timings = profile ? await profiled(page, 'status', statusOnce) : await statusOnce();
    if (timings.exitCode !== 0 || timings.output.trim() !== `M ${edited}`) throw new Error(`Glassbox git status said ${JSON.stringify(timings.output.slice(0, 300))}`);
    say(`${label}: Glassbox ${name} ${seconds(timings.statusMs)}`);
    return timings;
  };
  for (let at = 0; at < runs; at++) {
    reached.step = `clone ${at + 1}/${runs}`;
    const cloneOnce = () =>
      withTimeout(
        page.evaluate(({ url, label }) => window.cloneBench!.clone(url, label), { url, label: `${label} clone ${at + 1}/${runs}` }),
        `${label}: Glassbox clone ${at + 1}`,
      );
    const timings = at === 0 ? await profiled(page, 'clone', cloneOnce) : await cloneOnce();
    clones.push(timings);
    say(`${label}: Glassbox clone ${at + 1}/${runs} ${seconds(timings.totalMs)} (staging ${seconds(timings.cloneMs)}, restore ${seconds(timings.restoreMs)})`);
    // One edit and the first git status in each fresh clone: the first is the one a user meets, and it varies most.
    reached.step = `edit after clone ${at + 1}`;
    await withTimeout(page.evaluate((path) => window.cloneBench!.edit(path), edited), `${label}: editing ${edited}`);
    firstStatuses.push(await status(`first git status after clone ${at + 1}`, at === 0));
  }
  const repeatedStatuses = [await status('git status again (1/2)', false), await status('git status again (2/2)', false)];
  return { clones, firstStatuses, repeatedStatuses };
}

function phaseNote(clones: CloneTimings[]): string {
  const last = clones.at(-1);
  if (!last) return '';
  const order = Object.entries(last.phases).sort((a, b) => a[1] - b[1]);
  const spans = order.map(([phase, at], index) => `${phase} ${seconds((order[index + 1]?.[1] ?? last.cloneMs) - at)}`);
  return `last run: ${spans.join(', ')}, restore ${seconds(last.restoreMs)}`;
}

function rows(scenario: Case, native: NativeTimings | undefined, glassbox: GlassboxTimings | undefined, failure: string | undefined): BenchResult[] {
  const results: BenchResult[] = [];
  const nativeClone = native ? median(native.cloneMs) : Number.NaN;
  const nativeStatus = native ? median(native.statusMs) : Number.NaN;
  if (native) {
    results.push({ name: `${scenario.label}: native git clone --depth 1`, value: round(nativeClone), unit: 'ms', note: `median of ${native.cloneMs.length}` });
  }
  if (glassbox && glassbox.clones.length > 0) {
    const total = median(glassbox.clones.map((clone) => clone.totalMs));
    const staging = median(glassbox.clones.map((clone) => clone.cloneMs));
    const restore = median(glassbox.clones.map((clone) => clone.restoreMs));
    const first = glassbox.clones[0];
    results.push({
      name: `${scenario.label}: Glassbox clone to a usable workspace`,
      value: round(total),
      unit: 'ms',
      note: `median of ${glassbox.clones.length}; clone into staging ${round(staging)} ms + restore ${round(restore)} ms (index restamp ${round(median(glassbox.clones.map((clone) => clone.restampMs)))} ms); ${first?.workingFiles ?? 0} files, ${round((first?.downloadedBytes ?? 0) / 1e6, 1)} MB downloaded`,
    });
    results.push({
      name: `${scenario.label}: Glassbox clone / native clone`,
      value: round(total / nativeClone, 2),
      unit: '×',
      goal: `<= ${scenario.cloneGoal}×`,
      pass: total / nativeClone <= scenario.cloneGoal,
      note: phaseNote(glassbox.clones),
    });
  }
  if (scenario.statusGoal !== undefined && native) {
    results.push({ name: `${scenario.label}: native git status, one file edited`, value: round(nativeStatus, 1), unit: 'ms', note: `median of ${native.statusMs.length}` });
  }
  if (scenario.statusGoal !== undefined && glassbox && glassbox.firstStatuses.length > 0) {
    const firsts = glassbox.firstStatuses.map((status) => status.statusMs);
    const first = median(firsts);
    const again = median(glassbox.repeatedStatuses.map((status) => status.statusMs));
    results.push({
      name: `${scenario.label}: Glassbox git status, one file edited`,
      value: round(first, 1),
      unit: 'ms',
      note: `median of the first status after each of ${firsts.length} clones (${firsts.map((ms) => `${round(ms)} ms`).join(', ')}); repeated: ${round(again)} ms`,
    });
    results.push({
      name: `${scenario.label}: Glassbox git status / native`,
      value: round(first / nativeStatus, 2),
      unit: '×',
      goal: `<= ${scenario.statusGoal}×`,
      pass: first / nativeStatus <= scenario.statusGoal,
      note: `first status after a clone; repeated: ${round(again / nativeStatus, 2)}×`,
    });
  }
  if (failure) results.push({ name: `${scenario.label}: FAILED`, value: 0, unit: '', pass: false, note: failure });
  return results;
}

export async function benchClone(): Promise<BenchResult[]> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(INSTALL_HINT);
  const scratch = mkdtempSync(join(tmpdir(), 'glassbox-clone-bench-'));
  const root = resolve(import.meta.dirname, 'clone-page');
  const outDir = join(scratch, 'page');
  const repos = join(scratch, 'repos');
  try {
    const edits = new Map<string, string>();
    for (const scenario of CASES) {
      const started = performance.now();
      const { commits, edited } = repository(scenario.files);
      makeRepository(repos, scenario.name, { commits });
      // Packed, as a hosting server keeps its repositories: a clone then reuses stored deltas
      // instead of the server compressing every object for each clone.
      await run('git', ['repack', '-a', '-d', '-q'], join(repos, `${scenario.name}.git`), process.env);
      edits.set(scenario.name, edited);
      say(`${scenario.label}: repository made with git in ${seconds(performance.now() - started)}`);
    }
    await build({ configFile: false, root, logLevel: 'silent', build: { outDir, emptyOutDir: true, target: 'es2022' } });
    const server = await preview({ configFile: false, root, logLevel: 'silent', build: { outDir }, preview: { port: 0, host: '127.0.0.1' } });
    const gitServer = await startGitServer({ root: repos });
    const pageUrl = server.resolvedUrls?.local[0];
    try {
      if (!pageUrl) throw new Error('vite preview did not report a URL');
      const results: BenchResult[] = [];
      for (const scenario of CASES) {
        const url = `${gitServer.url}/${scenario.name}.git`;
        const edited = edits.get(scenario.name) ?? 'README.md';
        let native: NativeTimings | undefined;
        let glassbox: GlassboxTimings | undefined;
        let failure: string | undefined;
        try {
          native = await nativeCase(url, scratch, scenario.nativeRuns, scenario.label, edited);
          say(`${scenario.label}: native clone ${seconds(median(native.cloneMs))}, native git status ${round(median(native.statusMs), 1)} ms`);
        } catch (error) {
          failure = `native: ${error instanceof Error ? error.message : String(error)}`;
        }
        const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
        const reached = { step: 'opening the page', progress: '' };
        try {
          const page = await openPage(browser, pageUrl, (line) => {
            reached.progress = line;
            say(line);
          });
          glassbox = await glassboxCase(page, url, scenario.glassboxRuns, scenario.label, edited, reached);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          failure = [failure, `Glassbox: ${message} (reached ${reached.step}${reached.progress ? `; last progress: ${reached.progress}` : ''})`].filter(Boolean).join('; ');
          say(`${scenario.label}: FAILED ${failure}`);
        } finally {
          await withTimeout(browser.close(), 'closing Chromium', 30_000).catch(() => undefined);
        }
        const caseRows = rows(scenario, native, glassbox, failure);
        for (const row of caseRows) say(`${row.name}: ${row.value} ${row.unit}${row.pass === undefined ? '' : row.pass ? ' (goal met)' : ' (goal NOT met)'}`);
        results.push(...caseRows);
      }
      return results;
    } finally {
      await gitServer.close();
      await new Promise<void>((done) => server.httpServer.close(() => done()));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
