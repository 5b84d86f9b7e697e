import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitCommand } from '../../../src/git/cli/git-command';
import type { GitCliSettings } from '../../../src/git/cli/context';
import { cloneRepository } from '../../../src/git/clone-repository';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
import type { Sandbox } from '../../../src/sandbox/port';
import { makeRepository, startGitServer, type GitServer } from '../../support/git-server.mjs';

/**
 * push, fetch and pull through Glassbox's `git` against a real `git http-backend` on loopback:
 * the sandbox is cloned the way the app clones, the commands run in the offline sandbox's shell,
 * and native git on the server's bare repository says what arrived. Messages are git's own,
 * compared with what native git prints in the same situation.
 */

const TOKEN = 'the-token-5f3a';
const NATIVE_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Native',
  GIT_AUTHOR_EMAIL: 'native@example.com',
  GIT_COMMITTER_NAME: 'Native',
  GIT_COMMITTER_EMAIL: 'native@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
  LC_ALL: 'C',
};

let root: string;
let server: GitServer;
const sandboxes: Sandbox[] = [];
let made = 0;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'glassbox-push-'));
  server = await startGitServer({ root, private: { 'secret.git': TOKEN } });
});

afterAll(async () => {
  await server?.close();
  await Promise.all(sandboxes.map((sandbox) => sandbox.dispose()));
  rmSync(root, { recursive: true, force: true });
});

/**
 * Native git; resolves stdout, stderr and the exit code. Asynchronous: the server runs in this
 * process, so a synchronous child would block it from answering.
 */
function native(cwd: string, ...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, env: NATIVE_ENV, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ stdout, stderr, exitCode: error ? (typeof error.code === 'number' ? error.code : 1) : 0 });
    });
  });
}

/** A fresh bare repository on the server; returns its name and URL. */
function freshRepository(): { name: string; url: string; bare: string } {
  const name = `repo-${++made}`;
  makeRepository(root, name, { commits: [{ 'README.md': '# one\n', 'src/a.txt': 'a\n' }, { 'README.md': '# two\n' }] });
  return { name, url: `${server.url}/${name}.git`, bare: join(root, `${name}.git`) };
}

/** A native clone of a server repository (over the same HTTP server), to change the server side and to compare output. */
async function nativeClone(url: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'glassbox-native-clone-'));
  expect((await native(root, 'clone', '-q', url, dir)).exitCode).toBe(0);
  return dir;
}

/** A native commit pushed to the server, as someone else would. */
async function pushNatively(url: string, files: Record<string, string>, message: string): Promise<string> {
  const dir = await nativeClone(url);
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  await native(dir, 'add', '-A');
  await native(dir, 'commit', '-q', '-m', message);
  expect((await native(dir, 'push', '-q')).exitCode).toBe(0);
  const oid = (await native(dir, 'rev-parse', 'HEAD')).stdout.trim();
  rmSync(dir, { recursive: true, force: true });
  return oid;
}

/** The offline sandbox with the app's `git`, cloned from `url` the way the app clones (depth 1). */
async function sandboxClone(url: string, settings: GitCliSettings): Promise<Sandbox> {
  const repo = await cloneRepository({ url, ...(settings.token ? { token: settings.token } : {}) });
  const sandbox = await createOfflineSandbox({ commands: [createGitCommand(() => settings)] });
  sandboxes.push(sandbox);
  await sandbox.restore({ files: repo.files });
  return sandbox;
}

const settingsWith = (token = ''): GitCliSettings => ({ authorName: 'Ada Lovelace', authorEmail: 'ada@example.com', corsProxy: '', token });
const serverHead = async (bare: string) => (await native(bare, 'rev-parse', 'HEAD')).stdout.trim();
const short = (oid: string) => oid.slice(0, 7);

describe('push, fetch and pull against a real git server', { timeout: 120_000 }, () => {
  it('pushes a commit that native git then finds on the server, in git’s words', async () => {
    const repo = freshRepository();
    const before = await serverHead(repo.bare);
    const sandbox = await sandboxClone(repo.url, settingsWith());
    await sandbox.fs.write(`${sandbox.root}/README.md`, '# edited in the page\n');
    await sandbox.fs.write(`${sandbox.root}/src/new.txt`, 'new file\n');
    const commit = await sandbox.exec('git add -A && git commit -m "Edit from Glassbox"');
    expect(commit.exitCode).toBe(0);

    expect((await sandbox.exec('git status')).stdout).toBe(
      'On branch main\nYour branch is ahead of \'origin/main\' by 1 commit.\n  (use "git push" to publish your local commits)\n\nnothing to commit, working tree clean\n',
    );

    const pushed = await sandbox.exec('git push');
    expect(pushed.exitCode).toBe(0);
    const after = await serverHead(repo.bare);
    expect(after).not.toBe(before);
    expect(pushed.stderr).toBe(`To ${repo.url}\n   ${short(before)}..${short(after)}  main -> main\n`);

    // What arrived, as native git reads it on the server.
    expect((await native(repo.bare, 'log', '--format=%s|%an <%ae>', '-n', '2')).stdout).toBe('Edit from Glassbox|Ada Lovelace <ada@example.com>\ncommit 2|Test <test@example.com>\n');
    expect((await native(repo.bare, 'show', 'HEAD:README.md')).stdout).toBe('# edited in the page\n');
    expect((await native(repo.bare, 'show', 'HEAD:src/new.txt')).stdout).toBe('new file\n');
    expect((await native(repo.bare, 'fsck', '--strict')).exitCode).toBe(0);
    expect((await sandbox.exec('git rev-parse origin/main')).stdout.trim()).toBe(after);

    expect((await sandbox.exec('git status')).stdout).toBe("On branch main\nYour branch is up to date with 'origin/main'.\n\nnothing to commit, working tree clean\n");
    const again = await sandbox.exec('git push');
    expect(again).toMatchObject({ exitCode: 0, stderr: 'Everything up-to-date\n' });

    // A new branch, and -u records its upstream.
    await sandbox.exec('git switch -c feature && echo more >> README.md && git commit -am "On feature"');
    const branch = await sandbox.exec('git push -u origin feature');
    expect(branch.exitCode).toBe(0);
    expect(branch.stderr).toBe(`To ${repo.url}\n * [new branch]      feature -> feature\n`);
    expect(branch.stdout).toBe("branch 'feature' set up to track 'origin/feature'.\n");
    expect((await native(repo.bare, 'log', '--format=%s', '-n', '1', 'feature')).stdout).toBe('On feature\n');
  });

  it('refuses a push the server would lose work to, with git’s message, and leaves the server as it was', async () => {
    const repo = freshRepository();
    const base = await serverHead(repo.bare);
    const sandbox = await sandboxClone(repo.url, settingsWith());
    const twin = await nativeClone(repo.url);
    try {
      const theirs = await pushNatively(repo.url, { 'README.md': '# from elsewhere\n' }, 'Pushed elsewhere');
      await sandbox.fs.write(`${sandbox.root}/src/a.txt`, 'a, edited\n');
      await sandbox.exec('git commit -am "Local work"');
      writeFileSync(join(twin, 'src/a.txt'), 'a, edited\n');
      await native(twin, 'commit', '-q', '-am', 'Local work');

      // The server has a commit we have never seen: "fetch first".
      const refused = await sandbox.exec('git push');
      const nativeRefused = await native(twin, 'push');
      expect(refused.exitCode).toBe(1);
      expect(nativeRefused.exitCode).toBe(1);
      expect(refused.stderr).toBe(nativeRefused.stderr);
      expect(refused.stderr).toContain(' ! [rejected]        main -> main (fetch first)');
      expect(await serverHead(repo.bare)).toBe(theirs);

      // Once fetched, the same push is behind: "non-fast-forward".
      const fetched = await sandbox.exec('git fetch');
      const nativeFetched = await native(twin, 'fetch');
      expect(fetched.exitCode).toBe(0);
      expect(fetched.stderr).toBe(nativeFetched.stderr);
      expect(fetched.stderr).toBe(`From ${repo.url.replace(/\.git$/, '')}\n   ${short(base)}..${short(theirs)}  main       -> origin/main\n`);
      const behind = await sandbox.exec('git push');
      const nativeBehind = await native(twin, 'push');
      expect(behind.exitCode).toBe(1);
      expect(behind.stderr).toBe(nativeBehind.stderr);
      expect(behind.stderr).toContain('(non-fast-forward)');
      expect((await sandbox.exec('git status')).stdout).toBe((await native(twin, 'status')).stdout);
      expect(await serverHead(repo.bare)).toBe(theirs);

      // And pull will not merge divergent work silently.
      const diverged = await sandbox.exec('git pull');
      const nativeDiverged = await native(twin, 'pull');
      expect(diverged.exitCode).toBe(128);
      expect(diverged.stderr).toBe(nativeDiverged.stderr);
    } finally {
      rmSync(twin, { recursive: true, force: true });
    }
  });

  it('fetches and pulls (fast-forward) a commit made natively on the server, printing what git prints', async () => {
    const repo = freshRepository();
    const sandbox = await sandboxClone(repo.url, settingsWith());
    const twin = await nativeClone(repo.url);
    try {
      expect(await sandbox.exec('git pull')).toMatchObject({ exitCode: 0, stdout: 'Already up to date.\n', stderr: '' });
      const theirs = await pushNatively(repo.url, { 'README.md': '# three\nwith a second line\n', 'docs.md': 'docs\n' }, 'From the server side');

      const fetched = await sandbox.exec('git fetch origin');
      expect(fetched.exitCode).toBe(0);
      expect(fetched.stderr).toBe((await native(twin, 'fetch', 'origin')).stderr);
      expect((await sandbox.exec('git rev-parse origin/main')).stdout.trim()).toBe(theirs);
      expect((await sandbox.exec('git status')).stdout).toBe((await native(twin, 'status')).stdout);
      // Fetching changes no file and no branch.
      expect(await sandbox.fs.readText(`${sandbox.root}/README.md`)).toBe('# two\n');

      const pulled = await sandbox.exec('git pull');
      const nativePulled = await native(twin, 'pull');
      expect(pulled.exitCode).toBe(0);
      expect(pulled.stdout).toBe(nativePulled.stdout);
      expect(pulled.stdout).toMatch(/^Updating [0-9a-f]{7}\.\.[0-9a-f]{7}\nFast-forward\n README\.md \| 3 \+\+-\n docs\.md {3}\| 1 \+\n 2 files changed, 3 insertions\(\+\), 1 deletion\(-\)\n create mode 100644 docs\.md\n$/);
      expect(await sandbox.fs.readText(`${sandbox.root}/README.md`)).toBe('# three\nwith a second line\n');
      expect(await sandbox.fs.readText(`${sandbox.root}/docs.md`)).toBe('docs\n');
      expect((await sandbox.exec('git status')).stdout).toBe((await native(twin, 'status')).stdout);
      expect((await sandbox.exec('git log --oneline -n 1')).stdout).toBe(`${short(theirs)} From the server side\n`);

      // A pull that would overwrite local changes stops and loses nothing.
      await pushNatively(repo.url, { 'docs.md': 'docs, v2\n' }, 'Docs again');
      await sandbox.fs.write(`${sandbox.root}/docs.md`, 'my unsaved edit\n');
      const blocked = await sandbox.exec('git pull');
      expect(blocked.exitCode).toBe(1);
      expect(blocked.stderr).toContain('error: Your local changes to the following files would be overwritten by merge:\n\tdocs.md\n');
      expect(await sandbox.fs.readText(`${sandbox.root}/docs.md`)).toBe('my unsaved edit\n');
      expect((await sandbox.exec('git rev-parse HEAD')).stdout.trim()).toBe(theirs);
    } finally {
      rmSync(twin, { recursive: true, force: true });
    }
  });

  it('asks for a token, says when it is refused, pushes with the right one, and never prints it', async () => {
    makeRepository(root, 'secret', { commits: [{ 'private.txt': 'hidden\n' }] });
    const bare = join(root, 'secret.git');
    const url = `${server.url}/secret.git`;
    const settings = settingsWith(TOKEN);
    const sandbox = await sandboxClone(url, settings);
    await sandbox.fs.write(`${sandbox.root}/private.txt`, 'hidden, edited\n');
    await sandbox.exec('git commit -am "Private edit"');
    const outputs: string[] = [];
    const run = async (line: string) => {
      const result = await sandbox.exec(line);
      outputs.push(result.stdout, result.stderr);
      return result;
    };

    settings.token = '';
    const missing = await run('git push');
    expect(missing.exitCode).toBe(128);
    expect(missing.stderr).toBe(`fatal: Authentication required for '${url}': add a token that may access this repository in Settings → Git\n`);

    settings.token = 'wrong-token-9c1e';
    const refused = await run('git push');
    expect(refused.exitCode).toBe(128);
    expect(refused.stderr).toMatch(/^fatal: Authentication failed for '.*secret\.git': the server refused the token in Settings → Git \(403\)/);
    const refusedFetch = await run('git fetch');
    expect(refusedFetch.stderr).toContain('Authentication failed');
    expect((await native(bare, 'log', '--format=%s', '-n', '1')).stdout).toBe('commit 1\n');

    settings.token = TOKEN;
    const pushed = await run('git push');
    expect(pushed.exitCode).toBe(0);
    expect((await native(bare, 'log', '--format=%s', '-n', '1')).stdout).toBe('Private edit\n');
    expect((await run('git pull')).stdout).toBe('Already up to date.\n');

    const printed = outputs.join('\n');
    expect(printed).not.toContain(TOKEN);
    expect(printed).not.toContain('wrong-token-9c1e');
  });

  it('says plainly when the remote is missing or unreachable', async () => {
    const repo = freshRepository();
    const sandbox = await sandboxClone(repo.url, settingsWith());
    const missing = await sandbox.exec('git push upstream');
    expect(missing.exitCode).toBe(128);
    expect(missing.stderr).toContain("fatal: 'upstream' does not appear to be a git repository");
    await sandbox.exec('git config remote.origin.url http://127.0.0.1:9/nowhere.git');
    const unreachable = await sandbox.exec('git fetch');
    expect(unreachable.exitCode).toBe(128);
    expect(unreachable.stderr).toMatch(/^fatal: unable to access 'http:\/\/127\.0\.0\.1:9\/nowhere\.git': could not connect/);
    await sandbox.exec(`git config remote.origin.url ${server.url}/no-such-repo.git`);
    expect((await sandbox.exec('git pull')).stderr).toBe(`fatal: repository '${server.url}/no-such-repo.git' not found\n`);
  });
});
