import { InMemoryFs } from 'just-bash';
import { justBashWorkspaceFs, runNode, type RunNodeOptions } from '../../../src/sandbox/js-runner';

export const ROOT = '/workspace';

export interface RunOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
  stoppedBy?: string;
  fs: InMemoryFs;
}

/** A workspace of files (paths relative to /workspace) in just-bash's in-memory fs. */
export async function workspace(files: Record<string, string>): Promise<InMemoryFs> {
  const fs = new InMemoryFs();
  await fs.mkdir(ROOT, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    const full = `${ROOT}/${path}`;
    await fs.mkdir(full.slice(0, full.lastIndexOf('/')), { recursive: true });
    await fs.writeFile(full, content);
  }
  return fs;
}

/** Runs `node <argv>` in /workspace over the given files. */
export async function node(
  argv: string[],
  files: Record<string, string> | InMemoryFs = {},
  options: Partial<RunNodeOptions> = {},
): Promise<RunOutput> {
  const fs = files instanceof InMemoryFs ? files : await workspace(files);
  let stdout = '';
  let stderr = '';
  const result = await runNode({
    argv,
    cwd: ROOT,
    env: { HOME: ROOT, PATH: '/usr/bin' },
    fs: justBashWorkspaceFs(fs),
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    ...options,
  });
  return { ...result, stdout, stderr, fs };
}
