import { describe, expect, it } from 'vitest';
import { decodeHostMessage, decodeWorkerMessage } from '../../../src/sandbox/js-runner/runner-protocol';
import { HARD_STOP_GRACE_MS } from '../../../src/sandbox/js-runner/supervise-run';
import { WorkerTransport } from '../../../src/sandbox/js-runner/worker-transport';
import { BrokenWorker, FakeWorker, SilentWorker } from './fake-worker';
import { node, workspace } from './helpers';

/** A transport over fake workers, and the workers it made (newest last). */
function fakeTransport<T extends FakeWorker | SilentWorker | BrokenWorker>(make: () => T) {
  const workers: T[] = [];
  const transport = new WorkerTransport(() => {
    const worker = make();
    workers.push(worker);
    return worker;
  });
  return { transport, workers };
}

const until = async (condition: () => boolean | Promise<boolean>, ms = 2000) => {
  const deadline = performance.now() + ms;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('JS runner: runs through the worker transport (a MessageChannel stand-in for the Worker)', () => {
  it('gives the same results as in-process: output, exit code, files, messages', async () => {
    const { transport, workers } = fakeTransport(() => new FakeWorker());
    const fs = await workspace({ 'math.js': 'exports.mul = (a, b) => a * b;\n' });
    const code = "const { mul } = require('./math'); console.log(mul(6, 7)); console.error('to stderr'); require('fs').writeFileSync('out.txt', 'saved'); process.exitCode = 3";
    const result = await node(['-e', code], fs, { transport });
    expect(result).toMatchObject({ exitCode: 3, stdout: '42\n', stderr: 'to stderr\n' });
    expect(await fs.readFile('/workspace/out.txt')).toBe('saved');
    // The request crossed the channel as a decodable message, the workspace copy inside it.
    expect(workers[0]?.received).toContainEqual(expect.objectContaining({ type: 'run', request: expect.objectContaining({ stdin: '' }) }));

    const timedOut = await node(['-e', 'while (true) {}'], {}, { transport, timeoutMs: 200 });
    expect(timedOut).toMatchObject({ exitCode: 124, stoppedBy: 'timeout', stderr: 'node: script timed out after 0.2 s (offline sandbox limit)\n' });
    const crashed = await node(['-e', "throw new TypeError('bad')"], {}, { transport });
    expect(crashed.exitCode).toBe(1);
    expect(crashed.stderr).toContain('TypeError: bad');
  });

  it('streams output while the program runs, and saves files at its write-back points', async () => {
    const { transport } = fakeTransport(() => new FakeWorker());
    const fs = await workspace({});
    const code = "console.log('first'); require('fs').writeFileSync('early.txt', 'now'); setTimeout(() => console.log('second'), 300)";
    const arrivals: Array<{ text: string; at: number }> = [];
    let ended = false;
    const run = node(['-e', code], fs, { transport, stdout: (text) => arrivals.push({ text, at: performance.now() }) }).then((result) => {
      ended = true;
      return result;
    });
    await until(() => arrivals.length > 0);
    expect(arrivals[0]?.text).toBe('first\n');
    await until(() => fs.exists('/workspace/early.txt'));
    expect(ended).toBe(false);
    const endedAt = await run.then(() => performance.now());
    expect(arrivals.map((arrival) => arrival.text)).toEqual(['first\n', 'second\n']);
    expect(endedAt - (arrivals[0]?.at ?? endedAt)).toBeGreaterThan(200);
  });

  it('hands files over while a program computes without yielding, and batches a flood of output', async () => {
    const { transport, workers } = fakeTransport(() => new FakeWorker());
    const fs = await workspace({});
    const code = "require('fs').writeFileSync('busy.txt', 'x'); const end = Date.now() + 600; while (Date.now() < end) {} for (let i = 0; i < 20000; i++) console.log(i)";
    const result = await node(['-e', code], fs, { transport });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')).toHaveLength(20001);
    const worker = workers[0];
    if (!worker) throw new Error('no worker');
    const changes = worker.posted.find((posted) => posted.message.type === 'changes');
    const done = worker.posted.find((posted) => posted.message.type === 'done');
    // The file left the engine while the loop spun, not only when the run ended.
    expect(changes && done ? done.at - changes.at : 0).toBeGreaterThan(200);
    expect(await fs.readFile('/workspace/busy.txt')).toBe('x');
    expect(worker.count('output')).toBeLessThan(200);
  });

  it('an abort ends the run at once with 130, terminates its worker and warms a replacement', async () => {
    const { transport, workers } = fakeTransport(() => new FakeWorker());
    expect((await node(['-e', 'console.log(1)'], {}, { transport })).stdout).toBe('1\n');
    const controller = new AbortController();
    let abortedAt = 0;
    const started = node(['-e', "console.log('running'); setTimeout(() => console.log('too late'), 400)"], {}, {
      transport,
      signal: controller.signal,
      stdout: (text) => {
        if (text === 'running\n') {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    const result = await started;
    expect(performance.now() - abortedAt).toBeLessThan(100);
    expect(result).toMatchObject({ exitCode: 130, stoppedBy: 'abort', stderr: 'node: stopped\n' });
    expect(workers).toHaveLength(2);
    expect(workers[0]?.terminated).toBe(true);
    expect(workers[1]?.terminated).toBe(false);
    // The replacement serves the next run; the terminated worker is never asked again.
    const received = workers[0]?.received.length;
    expect((await node(['-p', '6 * 7'], {}, { transport })).stdout).toBe('42\n');
    expect(workers[0]?.received.length).toBe(received);
    expect(workers).toHaveLength(2);
    // The stand-in shares this thread: let the stopped program's timer run out before the next test.
    await new Promise((resolve) => setTimeout(resolve, 450));
  });

  it('keeps one warm worker between runs, and gives runs at the same time their own', async () => {
    const { transport, workers } = fakeTransport(() => new FakeWorker());
    for (let i = 0; i < 3; i++) expect((await node(['-p', `${i}`], {}, { transport })).stdout).toBe(`${i}\n`);
    expect(workers).toHaveLength(1);
    expect(workers[0]?.received[0]).toEqual({ type: 'warm' });
    const together = await Promise.all([node(['-p', '"a"'], {}, { transport }), node(['-p', '"b"'], {}, { transport })]);
    expect(together.map((result) => result.stdout)).toEqual(['a\n', 'b\n']);
    expect(workers).toHaveLength(2);
    expect(workers.filter((worker) => worker.terminated)).toHaveLength(1);
  });

  it('an engine that never answers is terminated at the time limit plus the grace', async () => {
    const { transport, workers } = fakeTransport(() => new SilentWorker());
    const started = performance.now();
    const result = await node(['-e', 'while (true) {}'], {}, { transport, timeoutMs: 100 });
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ exitCode: 124, stoppedBy: 'timeout', stderr: 'node: script timed out after 0.1 s (offline sandbox limit)\n' });
    expect(elapsed).toBeGreaterThanOrEqual(100 + HARD_STOP_GRACE_MS - 5);
    expect(elapsed).toBeLessThan(100 + HARD_STOP_GRACE_MS + 500);
    expect(workers[0]?.terminated).toBe(true);
  });

  it('a worker that cannot start is reported, not hung on', async () => {
    const { transport, workers } = fakeTransport(() => new BrokenWorker());
    const result = await node(['-e', '1'], {}, { transport });
    expect(result).toMatchObject({
      exitCode: 1,
      stderr: 'node: could not start the offline JavaScript runtime: the JavaScript worker could not be started\n',
    });
    expect(workers[0]?.terminated).toBe(true);
  });

  it('the engine side answers nothing but well-formed requests, one run at a time', async () => {
    const worker = new FakeWorker();
    const answers: unknown[] = [];
    worker.listen((data) => answers.push(data));
    worker.postRaw({ type: 'eval', code: 'globalThis' });
    worker.postRaw({ type: 'run', id: 1, request: { configJson: 1 } });
    worker.postRaw('garbage');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answers).toEqual([]);

    const transport = new WorkerTransport(() => worker);
    expect((await node(['-p', '1 + 1'], {}, { transport })).stdout).toBe('2\n');
    // A second request while one runs is refused rather than interleaved.
    const sent = worker.received.map(decodeHostMessage).find((message) => message?.type === 'run');
    if (sent?.type !== 'run') throw new Error('no run request was sent');
    const config = JSON.parse(sent.request.configJson) as Record<string, unknown>;
    const slow = { ...sent.request, configJson: JSON.stringify({ ...config, main: { kind: 'eval', code: 'setTimeout(() => {}, 100)' } }) };
    worker.postRaw({ type: 'run', id: 100, request: slow });
    worker.postRaw({ type: 'run', id: 101, request: sent.request });
    await until(() => answers.some((data) => decodeWorkerMessage(data)?.type === 'done' && decodeWorkerMessage(data)?.id === 100));
    expect(answers).toContainEqual({ type: 'done', id: 101, outcome: { kind: 'unavailable', message: 'the JavaScript worker is busy' } });
  });
});
