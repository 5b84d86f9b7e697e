import { describe, expect, it } from 'vitest';
import { OutputBatcher } from '../../../src/sandbox/js-runner/output-batcher';
import {
  decodeHostMessage,
  decodeWorkerMessage,
  encodeChanges,
  encodeRun,
  type EngineRequest,
  type OutputPart,
} from '../../../src/sandbox/js-runner/runner-protocol';

const bytes = (text: string) => new TextEncoder().encode(text);

const REQUEST: EngineRequest = {
  configJson: '{"argv":["/usr/local/bin/node"]}',
  stdin: 'piped',
  timeoutMs: 10_000,
  memoryLimitBytes: 64 * 1024 * 1024,
  volume: [
    { path: '/workspace', kind: 'directory', mtimeMs: 1 },
    { path: '/workspace/a.txt', kind: 'file', bytes: bytes('a'), size: 1, mtimeMs: 2 },
    { path: '/workspace/huge.bin', kind: 'file', bytes: null, size: 1 << 30, mtimeMs: 3 },
  ],
};

describe('JS runner: the worker message protocol', () => {
  it('a run request survives structured cloning and decodes to the same request', () => {
    const { message, transfer } = encodeRun(7, REQUEST);
    // The preloaded bytes belong to the workspace's fs: copied, never transferred away from it.
    expect(transfer).toEqual([]);
    expect(decodeHostMessage(structuredClone(message))).toEqual({ type: 'run', id: 7, request: REQUEST });
    expect(decodeHostMessage({ type: 'warm' })).toEqual({ type: 'warm' });
  });

  it('the engine side ignores anything that is not a well-formed request', () => {
    const run = (request: unknown) => ({ type: 'run', id: 1, request });
    const malformed: unknown[] = [
      null,
      'run',
      { type: 'eval', code: 'self.fetch' },
      { type: 'run', id: 'one', request: REQUEST },
      run({ ...REQUEST, configJson: 1 }),
      run({ ...REQUEST, timeoutMs: -1 }),
      run({ ...REQUEST, memoryLimitBytes: Number.POSITIVE_INFINITY }),
      run({ ...REQUEST, volume: [{ path: 'relative.txt', kind: 'file', bytes: null, size: 0, mtimeMs: 0 }] }),
      run({ ...REQUEST, volume: [{ path: '/x', kind: 'file', bytes: 'text', size: 4, mtimeMs: 0 }] }),
      run({ ...REQUEST, volume: [{ path: '/x', kind: 'symlink', mtimeMs: 0 }] }),
    ];
    for (const data of malformed) expect(decodeHostMessage(data)).toBeUndefined();
  });

  it('output, changes and the end of a run decode; unknown or malformed messages do not', () => {
    const output = { type: 'output', id: 3, parts: [{ stream: 'stdout', text: 'hi\n' }, { stream: 'stderr', text: 'oops\n' }] };
    expect(decodeWorkerMessage(structuredClone(output))).toEqual(output);
    const done = { type: 'done', id: 3, outcome: { kind: 'finished', exitCode: 0 } };
    expect(decodeWorkerMessage(structuredClone(done))).toEqual(done);
    for (const outcome of [{ kind: 'timeout' }, { kind: 'crash', message: 'RangeError: x' }, { kind: 'unavailable', message: 'no wasm' }]) {
      expect(decodeWorkerMessage({ type: 'done', id: 1, outcome })).toEqual({ type: 'done', id: 1, outcome });
    }

    expect(decodeWorkerMessage({ type: 'output', id: 3, parts: [{ stream: 'stdin', text: 'x' }] })).toBeUndefined();
    expect(decodeWorkerMessage({ type: 'done', id: 3, outcome: { kind: 'finished', exitCode: '0' } })).toBeUndefined();
    expect(decodeWorkerMessage({ type: 'done', id: 3, outcome: { kind: 'reboot' } })).toBeUndefined();
    expect(decodeWorkerMessage({ type: 'changes', id: 3, changes: [{ op: 'chmod', path: '/a' }] })).toBeUndefined();
    expect(decodeWorkerMessage({ type: 'changes', id: 3, changes: [{ op: 'write', path: '/a', bytes: 'text' }] })).toBeUndefined();
    expect(decodeWorkerMessage({ type: 'output', parts: [] })).toBeUndefined();
  });

  it('file changes move their bytes (transferred, not copied) and arrive intact', () => {
    const written = bytes('new content');
    const view = bytes('0123456789').subarray(2, 5);
    const { message, transfer } = encodeChanges(4, [
      { op: 'remove', path: '/workspace/old' },
      { op: 'mkdir', path: '/workspace/out' },
      { op: 'write', path: '/workspace/out/a.txt', bytes: written },
      // A view into a bigger buffer is not transferred: that would move bytes it does not own.
      { op: 'write', path: '/workspace/out/b.txt', bytes: view },
    ]);
    expect(transfer).toEqual([written.buffer]);
    const received = structuredClone(message, { transfer });
    expect(written.byteLength).toBe(0);
    expect(decodeWorkerMessage(received)).toEqual({
      type: 'changes',
      id: 4,
      changes: [
        { op: 'remove', path: '/workspace/old' },
        { op: 'mkdir', path: '/workspace/out' },
        { op: 'write', path: '/workspace/out/a.txt', bytes: bytes('new content') },
        { op: 'write', path: '/workspace/out/b.txt', bytes: bytes('234') },
      ],
    });
  });
});

describe('JS runner: output batching in the worker', () => {
  it('posts the first write at once, then coalesces, keeping the order across streams', () => {
    const posts: OutputPart[][] = [];
    const batcher = new OutputBatcher((parts) => posts.push(parts));
    batcher.add('stdout', 'first\n');
    expect(posts).toEqual([[{ stream: 'stdout', text: 'first\n' }]]);
    for (let i = 0; i < 1000; i++) batcher.add('stdout', `${i}\n`);
    batcher.add('stderr', 'warn\n');
    batcher.add('stdout', 'after\n');
    batcher.flush();
    const text = posts.flat().map((part) => `${part.stream}:${part.text}`).join('');
    expect(text).toBe(`stdout:first\nstdout:${Array.from({ length: 1000 }, (_, i) => `${i}\n`).join('')}stderr:warn\nstdout:after\n`);
    expect(posts.length).toBeLessThan(5);
    batcher.flush();
    expect(posts.length).toBeLessThan(5);
  });

  it('posts a large backlog without waiting for the clock', () => {
    const posts: OutputPart[][] = [];
    const batcher = new OutputBatcher((parts) => posts.push(parts));
    batcher.add('stdout', 'x');
    batcher.add('stdout', 'y'.repeat(70 * 1024));
    expect(posts).toHaveLength(2);
  });
});
