import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloneError } from '../../../src/git/clone-error';
import { cloneRepository, type CloneProgress } from '../../../src/git/clone-repository';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
import { makeRepository, startGitServer, type GitServer } from '../../support/git-server.mjs';

const BINARY = new Uint8Array([0, 1, 2, 255, 254, 0, 128]);
let root: string;
let server: GitServer;
let dropping: GitServer;
let stalling: GitServer;
let shas: string[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'glassbox-git-'));
  shas = makeRepository(root, 'repo', {
    commits: [
      { 'README.md': '# first\n', 'src/index.ts': 'export const one = 1;\n' },
      { 'README.md': '# second\n', 'image.bin': BINARY },
      { 'README.md': '# third\n' },
    ],
    tags: { 'v1.0': 0 },
    branches: { feature: 1 },
  });
  makeRepository(root, 'secret', { commits: [{ 'private.txt': 'hidden\n' }] });
  // Enough pack to be cut in the middle.
  const big: Record<string, string> = {};
  for (let index = 0; index < 50; index++) big[`file-${index}.txt`] = `${'x'.repeat(2000)}${index}\n`.repeat(5);
  makeRepository(root, 'big', { commits: [big] });
  server = await startGitServer({ root, private: { 'secret.git': 'the-token' } });
  dropping = await startGitServer({ root, dropMidPack: true });
  stalling = await startGitServer({ root, stallPack: true });
});

afterAll(async () => {
  await Promise.all([server?.close(), dropping?.close(), stalling?.close()]);
  rmSync(root, { recursive: true, force: true });
});

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

async function failure(promise: Promise<unknown>): Promise<CloneError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CloneError) return error;
    throw error;
  }
  throw new Error('the clone succeeded');
}

describe('cloneRepository against a real git http-backend', () => {
  it('clones the default branch at depth 1 with its .git, reporting progress', async () => {
    const progress: CloneProgress[] = [];
    const repo = await cloneRepository({ url: `${server.url}/repo.git`, onProgress: (event) => progress.push(event) });
    expect(text(repo.files['README.md'])).toBe('# third\n');
    expect(repo.files['image.bin']).toEqual(BINARY);
    expect(repo.files['.git/HEAD']).toBeDefined();
    expect(text(repo.files['.git/shallow']).trim()).toBe(shas[2]);
    expect(repo.commit).toBe(shas[2]);
    expect(repo.branch).toBe('main');
    expect(repo.name).toBe('repo');
    expect(repo.workingFileCount).toBe(3);
    const phases = new Set(progress.map((event) => event.phase));
    expect(phases).toContain('Receiving objects');
    expect(phases).toContain('Updating workdir');

    // The staged tree is a repository native git reads: write it out and ask it.
    const out = mkdtempSync(join(tmpdir(), 'glassbox-clone-out-'));
    try {
      const { mkdirSync, writeFileSync } = await import('node:fs');
      const { dirname } = await import('node:path');
      for (const [path, data] of Object.entries(repo.files)) {
        mkdirSync(dirname(join(out, path)), { recursive: true });
        writeFileSync(join(out, path), data);
      }
      expect(execFileSync('git', ['log', '--format=%H'], { cwd: out }).toString().trim()).toBe(shas[2]);
      expect(readFileSync(join(out, 'src/index.ts'), 'utf8')).toBe('export const one = 1;\n');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('clones a branch, a tag and a commit', async () => {
    const branch = await cloneRepository({ url: `${server.url}/repo.git`, ref: 'feature' });
    expect(branch.branch).toBe('feature');
    expect(text(branch.files['README.md'])).toBe('# second\n');

    const tag = await cloneRepository({ url: `${server.url}/repo.git`, ref: 'v1.0' });
    expect(tag.commit).toBe(shas[0]);
    expect(text(tag.files['README.md'])).toBe('# first\n');
    expect(tag.files['image.bin']).toBeUndefined();

    const commit = await cloneRepository({ url: `${server.url}/repo.git`, ref: (shas[1] as string).slice(0, 10) });
    expect(commit.commit).toBe(shas[1]);
    expect(commit.branch).toBeUndefined();
    expect(text(commit.files['README.md'])).toBe('# second\n');
  });

  it('says when a branch or tag does not exist', async () => {
    const error = await failure(cloneRepository({ url: `${server.url}/repo.git`, ref: 'no-such-branch' }));
    expect(error.kind).toBe('bad-ref');
    expect(error.message).toContain('no-such-branch');
  });

  it('says when the repository is not there (404)', async () => {
    const error = await failure(cloneRepository({ url: `${server.url}/missing.git` }));
    expect(error.kind).toBe('not-found');
    expect(error.message).toContain('404');
  });

  it('asks for a token for a private repository, refuses a wrong one and clones with the right one', async () => {
    const required = await failure(cloneRepository({ url: `${server.url}/secret.git` }));
    expect(required.kind).toBe('auth-required');
    expect(required.message).toContain('Settings → Git');

    const refused = await failure(cloneRepository({ url: `${server.url}/secret.git`, token: 'wrong' }));
    expect(refused.kind).toBe('auth-refused');
    expect(refused.message).not.toContain('wrong');

    const repo = await cloneRepository({ url: `${server.url}/secret.git`, token: 'the-token' });
    expect(text(repo.files['private.txt'])).toBe('hidden\n');
  });

  it('says a CORS proxy is needed when a host cannot be read directly and none is set', async () => {
    // A host that is not local, reached directly (no proxy set): fetch fails as a CORS block does.
    const error = await failure(cloneRepository({ url: 'http://git.invalid/owner/repo.git', corsProxy: '' }));
    expect(error.kind).toBe('cors-blocked');
    expect(error.message).toContain('CORS proxy');
    expect(error.message).toContain('npx @isomorphic-git/cors-proxy start');
  });

  it('goes through the proxy for other hosts and says when the proxy cannot be reached', async () => {
    const error = await failure(cloneRepository({ url: 'https://github.com/owner/repo.git', corsProxy: 'http://127.0.0.1:9' }));
    expect(error.kind).toBe('network');
    expect(error.message).toContain('http://127.0.0.1:9');
  });

  it('says when the connection drops mid-pack', async () => {
    const error = await failure(cloneRepository({ url: `${dropping.url}/big.git` }));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/dropped/);
  });

  it('stops when cancelled mid-clone', async () => {
    const controller = new AbortController();
    const clone = cloneRepository({
      url: `${stalling.url}/big.git`,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.phase === 'Connecting') setTimeout(() => controller.abort(), 50);
      },
    });
    const error = await failure(clone);
    expect(error.kind).toBe('cancelled');
  });

  it('refuses a repository over the size limit, with its size, after warning', async () => {
    const warnings: string[] = [];
    const error = await failure(cloneRepository({ url: `${server.url}/big.git`, maxBytes: 5_000, warnBytes: 1_000, onWarning: (message) => warnings.push(message) }));
    expect(error.kind).toBe('too-large');
    expect(error.message).toMatch(/more than \d+(\.\d)? kB/);
    expect(warnings).toHaveLength(1);
  });

  it('refuses an address that is not http(s) or carries credentials', async () => {
    expect((await failure(cloneRepository({ url: 'git@github.com:owner/repo.git' }))).kind).toBe('invalid-url');
    expect((await failure(cloneRepository({ url: 'https://user:pass@example.com/repo.git' }))).kind).toBe('invalid-url');
  });

  it('never touches the workspace: a failed clone leaves a sandbox as it was, a good one swaps in whole', async () => {
    const sandbox = await createOfflineSandbox();
    await sandbox.fs.write(`${sandbox.root}/notes.txt`, 'mine\n');
    const before = await sandbox.snapshot();
    await failure(cloneRepository({ url: `${dropping.url}/big.git` }));
    expect(await sandbox.snapshot()).toEqual(before);

    const repo = await cloneRepository({ url: `${server.url}/repo.git` });
    await sandbox.restore({ files: repo.files });
    const after = await sandbox.snapshot();
    expect(after.files['notes.txt']).toBeUndefined();
    expect(after.files['README.md']).toBe('# third\n');
    expect(Uint8Array.from(await sandbox.fs.readBytes(`${sandbox.root}/image.bin`))).toEqual(BINARY);
    const object = Object.keys(after.files).find((path) => path.startsWith('.git/objects/'));
    expect(object && after.files[object]).toBeInstanceOf(Uint8Array);
  });
});
