import { describe, expect, it } from 'vitest';
import { bashTool } from '../../../src/tools/bash';
import { contextFor, sandboxWith, textOf } from './context';

describe('Bash', () => {
  it('runs in the workspace root and streams output', async () => {
    const sandbox = await sandboxWith({ 'hello.txt': 'hi there\n' });
    const context = contextFor(sandbox);
    const result = await bashTool.run({ command: 'pwd && cat hello.txt' }, context);
    expect(textOf(result)).toBe('/workspace\nhi there');
    expect(result.isError).toBeFalsy();
    expect(context.progress.join('')).toContain('hi there');
  });

  it('reports stderr and a non-zero exit code', async () => {
    const context = contextFor(await sandboxWith());
    const result = await bashTool.run({ command: 'echo out; echo oops >&2; exit 3' }, context);
    expect(textOf(result)).toBe('out\noops\nExit code 3');
    expect(result.isError).toBe(true);
  });

  it('says when there was no output', async () => {
    const context = contextFor(await sandboxWith());
    expect(textOf(await bashTool.run({ command: 'true' }, context))).toBe('(no output)');
  });

  it('times out', async () => {
    const context = contextFor(await sandboxWith());
    const result = await bashTool.run({ command: 'sleep 5', timeout: 200 }, context);
    expect(textOf(result)).toContain('Command timed out after 0.2s');
    expect(result.isError).toBe(true);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const context = contextFor(await sandboxWith(), controller.signal);
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const result = await bashTool.run({ command: 'sleep 5' }, context);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(textOf(result)).toContain('interrupted');
    expect(result.isError).toBe(true);
  });

  it('does not start when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const sandbox = await sandboxWith();
    const result = await bashTool.run({ command: 'touch ran' }, contextFor(sandbox, controller.signal));
    expect(result.isError).toBe(true);
    expect(await sandbox.fs.exists('/workspace/ran')).toBe(false);
  });

  it('describes its permission', () => {
    expect(bashTool.permission({ command: 'npm test' }, { root: '/workspace' })).toEqual({
      title: 'Run `npm test`',
      ruleKey: 'Bash(npm test)',
      subject: { kind: 'command', command: 'npm test' },
    });
    const multiLine = bashTool.permission({ command: 'echo a\necho b', description: 'Print two lines' }, { root: '/workspace' });
    expect(multiLine.title).toBe('Run `echo a…`');
    expect(multiLine.detail).toBe('Print two lines\n\necho a\necho b');
    expect(multiLine.ruleKey).toBe('Bash(echo a\necho b)');
    expect(bashTool.readOnly).toBe(false);
  });
});
