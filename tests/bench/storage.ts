/**
 * The workspace files in a real browser's IndexedDB (issue #9): the project's store
 * (src/store/workspace-store.ts) saving and restoring a workspace of 5,000 files / 20 MiB and of
 * 20,000 files / 100 MiB, one incremental save after a one-file edit, and a raw IndexedDB `put`
 * loop of the same bytes in the same run for the bandwidth the store is up against.
 *
 * The store runs in headless Chromium from a bench-only page (tests/bench/storage-page/), built
 * here with Vite on its own: nothing of it reaches the app's bundle.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, preview } from 'vite';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium, INSTALL_HINT } from '../support/find-chromium.mjs';
import type { Scenario, Timings } from './storage-page/page';
import type { BenchResult } from './result';
import { median } from './stats';

const MIB = 1024 * 1024;

interface Case extends Scenario {
  label: string;
  repetitions: number;
  saveGoalMs?: number;
  restoreGoalMs: number;
  incrementalGoalMs?: number;
}

const CASES: Case[] = [
  { label: '5,000 files / 20 MiB', files: 5_000, bytes: 20 * MIB, repetitions: 5, saveGoalMs: 1000, restoreGoalMs: 1000, incrementalGoalMs: 20 },
  { label: '20,000 files / 100 MiB', files: 20_000, bytes: 100 * MIB, repetitions: 3, restoreGoalMs: 4000 },
];

const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;

function rows(scenario: Case, timings: Timings[]): BenchResult[] {
  const pick = (key: keyof Timings) => median(timings.map((timing) => timing[key]));
  const note = `median of ${timings.length}`;
  const save = pick('saveMs');
  const restore = pick('restoreMs');
  const incremental = pick('incrementalMs');
  const rawPut = pick('rawPutMs');
  const rawGetAll = pick('rawGetAllMs');
  const megabytes = (timings[0]?.writtenBytes ?? 0) / 1e6;
  const goal = (ms: number | undefined) => (ms === undefined ? {} : { goal: `<= ${ms} ms` });
  const pass = (value: number, ms: number | undefined) => (ms === undefined ? {} : { pass: value <= ms });
  return [
    { name: `${scenario.label}: save (whole workspace)`, value: round(save), unit: 'ms', ...goal(scenario.saveGoalMs), ...pass(save, scenario.saveGoalMs), note: `${note}; ${round(megabytes / (save / 1000))} MB/s; into empty storage (1st run) ${round(timings[0]?.saveMs ?? Number.NaN)} ms` },
    { name: `${scenario.label}: restore`, value: round(restore), unit: 'ms', ...goal(scenario.restoreGoalMs), ...pass(restore, scenario.restoreGoalMs), note: `${note}; raw getAll ${round(rawGetAll)} ms` },
    {
      name: `${scenario.label}: incremental save, one file edited`,
      value: round(incremental, 1),
      unit: 'ms',
      ...goal(scenario.incrementalGoalMs ?? 20),
      ...pass(incremental, scenario.incrementalGoalMs ?? 20),
      note: `${note}; fingerprinting every file alone ${round(pick('hashAllMs'), 1)} ms`,
    },
    { name: `${scenario.label}: raw IndexedDB put loop, same bytes`, value: round(megabytes / (rawPut / 1000)), unit: 'MB/s', note: `${note}; ${round(rawPut)} ms` },
    { name: `${scenario.label}: store save / raw put`, value: round(save / rawPut, 2), unit: '×', note: 'time ratio, 1 = as fast as raw IndexedDB' },
  ];
}

export async function benchStorage(): Promise<BenchResult[]> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(INSTALL_HINT);
  const root = resolve(import.meta.dirname, 'storage-page');
  const outDir = mkdtempSync(join(tmpdir(), 'glassbox-storage-bench-'));
  try {
    await build({ configFile: false, root, logLevel: 'silent', build: { outDir, emptyOutDir: true, target: 'es2022' } });
    const server = await preview({ configFile: false, root, logLevel: 'silent', build: { outDir }, preview: { port: 0, host: '127.0.0.1' } });
    const url = server.resolvedUrls?.local[0];
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    try {
      if (!url) throw new Error('vite preview did not report a URL');
      const page = await (await browser.newContext()).newPage();
      await page.goto(url);
      await page.waitForFunction(() => window.storageBench !== undefined);
      const results: BenchResult[] = [];
      for (const scenario of CASES) {
        const timings = await page.evaluate(
          ({ files, bytes, repetitions }) => window.storageBench!.run({ files, bytes }, repetitions),
          { files: scenario.files, bytes: scenario.bytes, repetitions: scenario.repetitions },
        );
        results.push(...rows(scenario, timings));
      }
      return results;
    } finally {
      await browser.close();
      await new Promise<void>((done) => server.httpServer.close(() => done()));
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
