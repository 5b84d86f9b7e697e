/**
 * Sharing (issue 13): the encoded size of a share link and of a `.glassbox` file, and the time
 * to encode and decode them, for the demo (files, task and its recorded run) and for a
 * 200-file, 1 MB workspace of source-like text. Bytes per source byte = encoded / raw JSON.
 * Goal: the demo's full share, run included, under 8 kB (LINK_SAFE_LENGTH, what chat apps keep).
 */
import { performance } from 'node:perf_hooks';
import { decodeGlassboxFile, encodeGlassboxFile } from '../../src/share/glassbox-file';
import { decodePayload, encodePayload, LINK_SAFE_LENGTH } from '../../src/share/share-link';
import { packLog, type SharedPlayground } from '../../src/share/shared-playground';
import { demoRun } from '../unit/share/demo-run';
import type { BenchResult } from './result';
import { median } from './stats';

const RUNS = 7;

function timed(run: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** The playground's own bytes: files as UTF-8 plus the log in its stored form, as JSON. */
function sourceBytes(playground: SharedPlayground): number {
  let bytes = 0;
  for (const contents of Object.values(playground.files ?? {})) bytes += typeof contents === 'string' ? Buffer.byteLength(contents) : contents.byteLength;
  if (playground.log) bytes += Buffer.byteLength(JSON.stringify(packLog(playground.log)));
  if (playground.prompt) bytes += Buffer.byteLength(playground.prompt);
  return bytes;
}

/** 200 files, 1 MB in all: source-like text, each file different (names, numbers, identifiers). */
function bigWorkspace(): SharedPlayground {
  const files: Record<string, string> = {};
  let seed = 1;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const words = ['const', 'value', 'return', 'function', 'import', 'export', 'items', 'length', 'index', 'result', 'await', 'config', 'options', 'render', 'state'];
  for (let f = 0; f < 200; f++) {
    const lines: string[] = [];
    let size = 0;
    while (size < 5120) {
      const line = `  ${Array.from({ length: 6 }, () => words[next() % words.length]).join(' ')} ${next() % 100000};`;
      lines.push(line);
      size += line.length + 1;
    }
    files[`src/module-${Math.floor(f / 20)}/file-${f}.ts`] = `${lines.join('\n')}\n`;
  }
  return { files, prompt: 'Refactor the modules.' };
}

function measure(label: string, playground: SharedPlayground, goalBytes?: number): BenchResult[] {
  const source = sourceBytes(playground);
  let payload = '';
  const encodeMs = timed(() => {
    payload = encodePayload(playground);
  });
  const decodeMs = timed(() => {
    decodePayload(payload);
  });
  let file: Uint8Array = new Uint8Array();
  const fileEncodeMs = timed(() => {
    file = encodeGlassboxFile(playground, { kind: 'session', appVersion: 'bench' });
  });
  const fileDecodeMs = timed(() => {
    decodeGlassboxFile(file);
  });
  const linkChars = payload.length + '#share='.length;
  return [
    {
      name: `${label}: share link size`,
      value: linkChars,
      unit: 'chars',
      ...(goalBytes === undefined ? {} : { goal: `< ${goalBytes}`, pass: linkChars < goalBytes }),
      note: `${(linkChars / source).toFixed(3)} bytes per source byte (${source} source bytes)`,
    },
    { name: `${label}: link encode`, value: Math.round(encodeMs * 10) / 10, unit: 'ms', note: `median of ${RUNS}` },
    { name: `${label}: link decode (checked)`, value: Math.round(decodeMs * 10) / 10, unit: 'ms', note: `median of ${RUNS}` },
    { name: `${label}: .glassbox file size`, value: file.byteLength, unit: 'B', note: `${(file.byteLength / source).toFixed(3)} bytes per source byte` },
    { name: `${label}: .glassbox encode / decode`, value: Math.round(fileEncodeMs * 10) / 10, unit: 'ms', note: `decode ${Math.round(fileDecodeMs * 10) / 10} ms (checked); median of ${RUNS}` },
  ];
}

export async function benchShare(): Promise<BenchResult[]> {
  const demo = await demoRun();
  return [
    ...measure('demo, full share (files, task, model, run)', { files: demo.files, prompt: demo.prompt, model: { provider: 'demo', model: '' }, log: demo.log }, LINK_SAFE_LENGTH),
    ...measure('demo, files and task only', { files: demo.files, prompt: demo.prompt }),
    ...measure('200 files, 1 MB', bigWorkspace()),
  ];
}
