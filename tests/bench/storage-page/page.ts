/**
 * The storage bench's page (built on its own by tests/bench/storage.ts, never part of the app):
 * puts the project's real store (src/store/workspace-store.ts over workspace-files.ts) on
 * `window.storageBench` so the bench can time it against this browser's IndexedDB, next to a raw
 * `put` loop of the same bytes.
 */
import { contentHash } from '../../../src/sandbox/content-hash';
import type { Snapshot } from '../../../src/sandbox/port';
import { openGlassboxDb } from '../../../src/store/db';
import { WorkspaceStore } from '../../../src/store/workspace-store';

const DB_NAME = 'glassbox-storage-bench';
const RAW_DB_NAME = 'glassbox-storage-bench-raw';

export interface Scenario {
  files: number;
  bytes: number;
}

export interface Timings {
  /** A whole save into an emptied workspace (every file written). */
  saveMs: number;
  /** A store with a fresh connection reading the workspace back. */
  restoreMs: number;
  /** A save after one file was edited, by the store that restored. */
  incrementalMs: number;
  /** Fingerprinting every file once (what each save does before it writes). */
  hashAllMs: number;
  /** One transaction putting the same records, raw IndexedDB. */
  rawPutMs: number;
  /** One transaction reading them back with getAll, raw IndexedDB. */
  rawGetAllMs: number;
  restoredFiles: number;
  /** Characters in the workspace (ASCII here, so bytes). */
  writtenBytes: number;
}

let files: Record<string, string> = {};
let edits = 0;

/** Text that does not compress to nothing: pseudo-random code-like characters. */
function pool(length: number, seed: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 (){};=.,\n\t';
  let state = seed >>> 0;
  const chars = new Array<string>(length);
  for (let at = 0; at < length; at += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    chars[at] = alphabet[state % alphabet.length]!;
  }
  return chars.join('');
}

function prepare(scenario: Scenario): number {
  const size = Math.round(scenario.bytes / scenario.files);
  const text = pool(1 << 20, scenario.files);
  files = {};
  let total = 0;
  for (let index = 0; index < scenario.files; index += 1) {
    const start = (index * 7919) % (text.length - size);
    const contents = `// file ${index}\n${text.slice(start, start + size - 16)}`;
    files[`src/module-${index % 200}/file-${index}.ts`] = contents;
    total += contents.length;
  }
  return total;
}

function deleteDb(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`could not delete ${name}`));
  });
}

function openRaw(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(RAW_DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore('files');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('could not open the raw database'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

async function rawPut(db: IDBDatabase): Promise<number> {
  const clearing = db.transaction('files', 'readwrite');
  clearing.objectStore('files').clear();
  await done(clearing);
  const started = performance.now();
  const tx = db.transaction('files', 'readwrite');
  const store = tx.objectStore('files');
  for (const [path, contents] of Object.entries(files)) store.put({ contents, hash: 'h' }, ['raw', path]);
  await done(tx);
  return performance.now() - started;
}

async function rawGetAll(db: IDBDatabase): Promise<number> {
  const started = performance.now();
  const tx = db.transaction('files', 'readonly');
  const store = tx.objectStore('files');
  const keys = store.getAllKeys();
  const values = store.getAll();
  await done(tx);
  if (keys.result.length !== values.result.length) throw new Error('raw read mismatch');
  return performance.now() - started;
}

function newStore(): WorkspaceStore {
  return new WorkspaceStore({ open: () => openGlassboxDb({ name: DB_NAME, timeoutMs: 60_000 }) });
}

async function repetition(): Promise<Omit<Timings, 'writtenBytes'>> {
  const snapshot: Snapshot = { files };

  let started = performance.now();
  for (const contents of Object.values(files)) contentHash(contents);
  const hashAllMs = performance.now() - started;

  // The workspace emptied first (as a new workspace is before a clone lands in it): the store then
  // knows nothing is stored and writes every file, with nothing to delete.
  const writer = newStore();
  const cleared = await writer.clear();
  if (!cleared.persisted) throw new Error(`clear failed: ${cleared.problem}`);
  started = performance.now();
  const saved = await writer.saveWorkspace(snapshot);
  const saveMs = performance.now() - started;
  if (!saved.persisted) throw new Error(`save failed: ${saved.problem}`);

  const reader = newStore();
  await reader.withDb(async () => undefined);
  started = performance.now();
  const restored = await reader.loadWorkspace();
  const restoreMs = performance.now() - started;
  const restoredFiles = Object.keys(restored.value?.files ?? {}).length;
  if (restoredFiles !== Object.keys(files).length) throw new Error(`restored ${restoredFiles} files of ${Object.keys(files).length}`);

  // One file edited, as after a one-line change by the agent or in the editor.
  const paths = Object.keys(files);
  const path = paths[(edits * 977) % paths.length]!;
  edits += 1;
  files = { ...files, [path]: `${files[path] ?? ''}\n// edit ${edits}\n` };
  started = performance.now();
  const incremental = await reader.saveWorkspace({ files });
  const incrementalMs = performance.now() - started;
  if (!incremental.persisted) throw new Error(`incremental save failed: ${incremental.problem}`);

  const raw = await openRaw();
  try {
    const rawPutMs = await rawPut(raw);
    const rawGetAllMs = await rawGetAll(raw);
    return { saveMs, restoreMs, incrementalMs, hashAllMs, rawPutMs, rawGetAllMs, restoredFiles };
  } finally {
    raw.close();
  }
}

async function run(scenario: Scenario, repetitions: number): Promise<Timings[]> {
  await Promise.all([deleteDb(DB_NAME), deleteDb(RAW_DB_NAME)]);
  const writtenBytes = prepare(scenario);
  const timings: Timings[] = [];
  for (let at = 0; at < repetitions; at += 1) timings.push({ ...(await repetition()), writtenBytes });
  files = {};
  await Promise.all([deleteDb(DB_NAME), deleteDb(RAW_DB_NAME)]);
  return timings;
}

declare global {
  interface Window {
    storageBench?: { run: typeof run };
  }
}

window.storageBench = { run };
