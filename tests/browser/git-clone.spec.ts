import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { makeRepository, startGitServer, type GitServer } from '../support/git-server.mjs';
import { openPlayground, seedFiles } from './playground';

/**
 * Clone a repository (issue #10): from a link (`?repo=`) with progress, into the file tree, kept
 * across a reload with its .git; and from the Clone dialog, where a missing repository and a
 * cancelled clone leave the workspace exactly as it was. A real `git http-backend` on loopback.
 */

let root: string;
let server: GitServer;
let holding: GitServer;

test.beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'glassbox-clone-spec-'));
  makeRepository(root, 'repo', {
    commits: [
      { 'README.md': '# Cloned repo\n', 'src/main.js': 'console.log("hello from the clone");\n' },
      { 'src/util.js': 'export const answer = 42;\n', 'logo.bin': new Uint8Array([0, 255, 1, 254]) },
    ],
  });
  server = await startGitServer({ root });
  holding = await startGitServer({ root, stallPack: true });
});

test.afterAll(async () => {
  await Promise.all([server?.close(), holding?.close()]);
  rmSync(root, { recursive: true, force: true });
});

/** The workspace as the sandbox holds it: path → text (bytes as a list of numbers). */
function workspaceFiles(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const sandbox = window.__glassbox?.sandbox;
    if (!sandbox) throw new Error('no sandbox');
    const { files } = await sandbox.snapshot();
    return Object.fromEntries(Object.entries(files).map(([path, contents]) => [path, typeof contents === 'string' ? contents : `bytes:${Array.from(contents).join(',')}`]));
  });
}

test('a ?repo= link clones with progress into the file tree, and the clone survives a reload', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`/?repo=${encodeURIComponent(`${holding.url}/repo.git`)}`);
  const dialog = page.getByRole('dialog', { name: 'Clone repository' });
  await expect(dialog).toBeVisible({ timeout: 30_000 });
  // The pack is held back by the server: the clone is under way and says so.
  const progress = dialog.getByRole('progressbar', { name: 'Clone progress' });
  await expect(progress).toBeVisible();
  await expect(dialog.getByText(/Receiving objects|Counting objects|Compressing objects|Connecting/)).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: 'Repository URL' })).toHaveValue(`${holding.url}/repo.git`);
  holding.release();

  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(page.getByText(/Cloned http:\/\/127\.0\.0\.1:\d+\/repo\.git \(branch main, 4 files\)/)).toBeVisible();
  const tree = page.getByRole('tree', { name: 'Workspace files' });
  await expect(tree.getByRole('treeitem', { name: 'README.md' })).toBeVisible();
  await tree.getByRole('treeitem', { name: 'src' }).click();
  await expect(tree.getByRole('treeitem', { name: 'main.js' })).toBeVisible();
  await tree.getByRole('treeitem', { name: 'main.js' }).click();
  await expect(page.getByText('console.log("hello from the clone");')).toBeVisible();

  const cloned = await workspaceFiles(page);
  expect(cloned['.git/HEAD']).toBe('ref: refs/heads/main\n');
  expect(cloned['logo.bin']).toBe('bytes:0,255,1,254');
  const objects = Object.keys(cloned).filter((path) => path.startsWith('.git/objects/'));
  expect(objects.length).toBeGreaterThan(0);
  // The address no longer asks for the clone: a reload must not clone again.
  expect(page.url()).not.toContain('repo=');

  // Saved in the background: wait until the .git objects are stored, then reload.
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open('glassbox');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
          const request = db.transaction('files').objectStore('files').getAllKeys();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        db.close();
        return keys.length;
      }),
    )
    .toBe(Object.keys(cloned).length);
  await page.reload();
  await openPlayground(page);
  await expect(tree.getByRole('treeitem', { name: 'README.md' })).toBeVisible();
  expect(await workspaceFiles(page)).toEqual(cloned);
});

async function cloneFromDialog(page: Page, url: string): Promise<ReturnType<Page['getByRole']>> {
  await page.getByRole('button', { name: 'Clone repository…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Clone repository' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Repository URL' }).fill(url);
  await dialog.getByRole('button', { name: 'Clone', exact: true }).click();
  // The workspace has work: asked first.
  const ask = page.getByRole('dialog', { name: 'Open in a new workspace?' });
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Replace my work here' }).click();
  return dialog;
}

test('from the dialog, a missing repository says so and the workspace stays as it was', async ({ page }) => {
  await openPlayground(page);
  await seedFiles(page, { 'notes.md': 'my work\n', 'src/app.js': 'let x = 1;\n' });
  const before = await workspaceFiles(page);

  const dialog = await cloneFromDialog(page, `${server.url}/missing.git`);
  await expect(dialog.getByRole('alert')).toContainText('No repository at');
  await expect(dialog.getByRole('alert')).toContainText('404');
  await expect(dialog.getByRole('alert')).toContainText('Your workspace is as it was.');
  expect(await workspaceFiles(page)).toEqual(before);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('tree', { name: 'Workspace files' }).getByRole('treeitem', { name: 'notes.md' })).toBeVisible();
});

test('from the dialog, cancelling mid-clone leaves the workspace as it was', async ({ page }) => {
  const stalled = await startGitServer({ root, stallPack: true });
  try {
    await openPlayground(page);
    await seedFiles(page, { 'notes.md': 'my work\n' });
    const before = await workspaceFiles(page);

    const dialog = await cloneFromDialog(page, `${stalled.url}/repo.git`);
    await expect(dialog.getByRole('progressbar', { name: 'Clone progress' })).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Cloning…' })).toBeDisabled();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('The clone was cancelled. Your workspace is as it was.');
    await expect(dialog.getByRole('progressbar')).toBeHidden();
    expect(await workspaceFiles(page)).toEqual(before);
  } finally {
    await stalled.close();
  }
});
