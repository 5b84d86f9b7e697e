/**
 * Node-compatibility table for the offline `node` (QuickJS guest): each row is a small program run
 * both through the offline runner and through the real Node running this test (`node -e`), and the
 * two outputs must match. A row whose guest output is known to differ says so (`differs`) and pins
 * the guest's own output instead, so a change in either direction shows up.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { node, workspace } from './helpers';
import { ROWS } from './node-compat-rows';

/** Runs the snippet in the real Node that runs the tests, in a scratch working directory. */
function realNode(code: string): string {
  return execFileSync(process.execPath, ['-e', code], { encoding: 'utf8', cwd: '/', env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'ignore'] });
}

describe('Node compatibility table (offline runner vs real Node)', () => {
  it.each(ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    // A workspace with /tmp, as the bash sandbox has, for os.tmpdir().
    const fs = await workspace({});
    await fs.mkdir('/tmp', { recursive: true });
    const result = await node(['-e', row.code], fs);
    expect(result.stderr).toBe(row.stderr ?? '');
    if (row.differs !== undefined) {
      expect(result.stdout).toBe(row.expected);
      // The pinned output must really differ from Node, or the row should lose `differs`.
      expect(result.stdout).not.toBe(realNode(row.code));
    } else {
      expect(result.stdout).toBe(realNode(row.code));
    }
  });
});
