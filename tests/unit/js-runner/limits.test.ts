import { describe, expect, it } from 'vitest';
import { node } from './helpers';

describe('JS runner: limits', () => {
  it('stops an infinite loop with a clear message and exit code 124', async () => {
    const result = await node(['-e', 'while (true) {}'], {}, { timeoutMs: 300 });
    expect(result.exitCode).toBe(124);
    expect(result.stoppedBy).toBe('timeout');
    expect(result.stderr).toBe('node: script timed out after 0.3 s (offline sandbox limit)\n');
  });

  it('cannot catch its way out of the time limit', async () => {
    const code = 'for (;;) { try { while (true) {} } catch (e) { console.log("caught", e) } }';
    const result = await node(['-e', code], {}, { timeoutMs: 300 });
    expect(result.exitCode).toBe(124);
    expect(result.stdout).toBe('');
  });

  it('counts time spent waiting on timers', async () => {
    const result = await node(['-e', 'setInterval(() => {}, 50)'], {}, { timeoutMs: 300 });
    expect(result.exitCode).toBe(124);
    expect(result.stderr).toContain('timed out after 0.3 s');
  });

  it.each([
    ['an ArrayBuffer', 'new ArrayBuffer(2 ** 30)'],
    ['a string', "'x'.repeat(2 ** 29)"],
    ['an array', 'new Array(1e8).fill(0)'],
  ])('stops a huge allocation (%s) with an out-of-memory message and exit code 134', async (_what, code) => {
    const result = await node(['-e', `const big = ${code}; console.log('allocated')`]);
    expect(result.exitCode).toBe(134);
    expect(result.stoppedBy).toBe('memory');
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('node: JavaScript heap out of memory: the program needed more than 64 MB (offline sandbox limit)\n');
  });

  it('honours a smaller memory limit', async () => {
    const result = await node(['-e', 'Buffer.alloc(8 * 1024 * 1024)'], {}, { memoryLimitBytes: 4 * 1024 * 1024 });
    expect(result.exitCode).toBe(134);
    expect(result.stderr).toContain('more than 4 MB');
  });

  it('reports runaway recursion as Node does, and keeps working afterwards', async () => {
    const result = await node(['r.js'], { 'r.js': 'function down(n) {\n  return down(n + 1) + 1;\n}\ndown(0);\n' });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('RangeError: Maximum call stack size exceeded');
    expect(result.stderr).toContain('at down (/workspace/r.js:2:');
    expect((await node(['-e', 'console.log("still alive")'])).stdout).toBe('still alive\n');
  });

  it('stops deep recursion inside a built-in (JSON.parse) without breaking later runs', async () => {
    const result = await node(['-e', 'JSON.parse("[".repeat(200000))']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Maximum call stack size exceeded');
    expect((await node(['-e', 'console.log(JSON.parse("[[1]]"))'])).stdout).toBe('[ [ 1 ] ]\n');
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await node(['-e', 'setInterval(() => {}, 10)'], {}, { signal: controller.signal });
    expect(result.exitCode).toBe(130);
    expect(result.stoppedBy).toBe('abort');
  });
});
