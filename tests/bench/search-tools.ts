/**
 * The Grep and Glob tools on the offline sandbox against their native peers (GNU grep, find) on
 * the same corpus written to disk, measured in the same run. The peers read a warm page cache;
 * the tools read just-bash's in-memory filesystem through the Sandbox port, as the agent does.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOfflineSandbox } from '../../src/sandbox/offline';
import type { Sandbox } from '../../src/sandbox/port';
import { globTool } from '../../src/tools/glob';
import { grepTool } from '../../src/tools/grep';
import type { ToolContext } from '../../src/tools/port';
import type { BenchResult } from './result';
import { median } from './stats';

const DIRECTORIES = 30;
const FILES_PER_DIRECTORY = 50;
const LINES_PER_FILE = 120;
const RUNS = 7;


/** A deterministic project: 1,500 source files, about one line in 300 with a TODO. */
function corpus(): Map<string, string> {
  const files = new Map<string, string>();
  let seed = 7;
  const next = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed;
  };
  for (let d = 0; d < DIRECTORIES; d++) {
    for (let f = 0; f < FILES_PER_DIRECTORY; f++) {
      const lines: string[] = [];
      for (let l = 0; l < LINES_PER_FILE; l++) {
        const n = next();
        // The high bits: an LCG's low bits repeat with a short period.
        if ((n >>> 12) % 300 === 0) lines.push(`  // TODO(${n % 97}): handle the case where value ${l} is empty`);
        else lines.push(`  const value${l} = compute(${n % 1000}, 'item-${d}-${f}-${l}');`);
      }
      const extension = f % 3 === 0 ? 'ts' : 'js';
      files.set(`src/module${d}/file${f}.${extension}`, `export function run${f}() {\n${lines.join('\n')}\n}\n`);
    }
  }
  return files;
}

function timeNative(command: string, args: string[], cwd: string): { ms: number; lines: number } {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} exited ${result.status}: ${result.stderr}`);
  return { ms, lines: result.stdout.split('\n').filter((line) => line !== '').length };
}

async function timeTool(run: () => Promise<string>): Promise<{ ms: number; text: string }> {
  const started = performance.now();
  const text = await run();
  return { ms: performance.now() - started, text };
}

function contextFor(sandbox: Sandbox): ToolContext {
  return { sandbox, signal: new AbortController().signal, readLedger: new Map() };
}

function resultText(content: Awaited<ReturnType<typeof grepTool.run>>['content']): string {
  return typeof content === 'string' ? content : content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

interface Pair {
  name: string;
  tool: () => Promise<string>;
  /** How many result lines the tool's text holds (its header aside). */
  toolLines: (text: string) => number;
  native: [string, string[]];
}

export async function benchSearchTools(): Promise<BenchResult[]> {
  const files = corpus();
  const disk = mkdtempSync(join(tmpdir(), 'glassbox-bench-search-'));
  const sandbox = await createOfflineSandbox();
  try {
    for (const [path, text] of files) {
      mkdirSync(join(disk, path, '..'), { recursive: true });
      writeFileSync(join(disk, path), text);
      await sandbox.fs.write(`${sandbox.root}/${path}`, text);
    }
    const context = contextFor(sandbox);
    const pairs: Pair[] = [
      {
        name: 'Grep content (TODO lines)',
        tool: async () => resultText((await grepTool.run({ pattern: 'TODO\\(\\d+\\)', output_mode: 'content' }, context)).content),
        toolLines: (text) => text.split('\n').filter((line) => line.includes('TODO')).length,
        native: ['grep', ['-rnE', 'TODO\\([0-9]+\\)', '.']],
      },
      {
        name: 'Grep files_with_matches',
        tool: async () => resultText((await grepTool.run({ pattern: 'TODO\\(\\d+\\)' }, context)).content),
        toolLines: (text) => text.split('\n').slice(1).filter((line) => line !== '').length,
        native: ['grep', ['-rlE', 'TODO\\([0-9]+\\)', '.']],
      },
      {
        name: 'Glob **/*.ts',
        tool: async () => resultText((await globTool.run({ pattern: '**/*.ts' }, context)).content),
        // Glob lists the newest 100 and says how many there are in all.
        toolLines: (text) => Number(/most recently modified of (\d+) files/.exec(text)?.[1] ?? text.split('\n').filter((line) => line.endsWith('.ts')).length),
        native: ['find', ['.', '-name', '*.ts', '-type', 'f']],
      },
    ];
    const results: BenchResult[] = [];
    for (const pair of pairs) {
      const ours: number[] = [];
      const peer: number[] = [];
      let oursLines = 0;
      let peerLines = 0;
      for (let run = 0; run < RUNS; run++) {
        const tool = await timeTool(pair.tool);
        ours.push(tool.ms);
        oursLines = pair.toolLines(tool.text);
        const native = timeNative(pair.native[0], pair.native[1], disk);
        peer.push(native.ms);
        peerLines = native.lines;
      }
      // Same answers, or the comparison means nothing.
      if (oursLines !== peerLines) throw new Error(`${pair.name}: the tool found ${oursLines} results, ${pair.native[0]} found ${peerLines}`);
      const oursMs = median(ours);
      const peerMs = median(peer);
      results.push({
        name: pair.name,
        value: Number(oursMs.toFixed(1)),
        unit: 'ms',
        note: `${files.size} files, ${oursLines} results; ${pair.native[0]} ${peerMs.toFixed(1)} ms (incl. process start) → ${(oursMs / peerMs).toFixed(1)}× native; median of ${RUNS}`,
      });
    }
    return results;
  } finally {
    await sandbox.dispose();
    rmSync(disk, { recursive: true, force: true });
  }
}
