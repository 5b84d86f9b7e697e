/**
 * Checkpoints: before a run changes files, the previous contents of the paths it changed are
 * recorded as references to content-addressed blobs (stored once per hash, however many
 * checkpoints point to them). From them the files as they were before any user prompt of a
 * session are rebuilt: undo the checkpoints from the newest back to that prompt. No DOM.
 */
import { contentHash } from '../sandbox/content-hash';
import type { Snapshot } from '../sandbox/port';
import type { CheckpointChange, CheckpointRecord, GlassboxDb } from './db';

type Contents = string | Uint8Array;

/** A session's checkpoint keys from prompt `from` on. */
function sessionRange(sessionId: string, from = 0): IDBKeyRange {
  return IDBKeyRange.bound([sessionId, from], [sessionId, Number.MAX_SAFE_INTEGER]);
}

/** The paths whose contents differ between two snapshots, with their contents before. */
export function changedPaths(before: Snapshot, after: Snapshot): Array<{ path: string; previous: Contents | null }> {
  const changes: Array<{ path: string; previous: Contents | null }> = [];
  for (const [path, contents] of Object.entries(after.files)) {
    const previous = before.files[path];
    if (previous === undefined) changes.push({ path, previous: null });
    else if (previous !== contents && contentHash(previous) !== contentHash(contents)) changes.push({ path, previous });
  }
  for (const [path, previous] of Object.entries(before.files)) if (!(path in after.files)) changes.push({ path, previous });
  return changes;
}

/**
 * Record that the run of prompt `prompt` changed these paths (their contents before it), in one
 * transaction; a blob already stored is not written again. Resolves with how many blobs were new.
 */
export async function recordCheckpoint(db: GlassboxDb, sessionId: string, prompt: number, changes: ReadonlyArray<{ path: string; previous: Contents | null }>, at: number): Promise<number> {
  const tx = db.transaction(['blobs', 'checkpoints'], 'readwrite');
  const blobs = tx.objectStore('blobs');
  const refs: CheckpointChange[] = [];
  const toWrite = new Map<string, Contents>();
  for (const { path, previous } of changes) {
    if (previous === null) {
      refs.push({ path, hash: null });
      continue;
    }
    const hash = contentHash(previous);
    refs.push({ path, hash });
    toWrite.set(hash, previous);
  }
  const present = await Promise.all([...toWrite.keys()].map(async (hash) => [hash, (await blobs.getKey(hash)) !== undefined] as const));
  const fresh = present.filter(([, there]) => !there).map(([hash]) => hash);
  const existing = await tx.objectStore('checkpoints').get([sessionId, prompt]);
  // A prompt's run may be recorded in parts (a reload in between): the first contents seen win.
  const merged: CheckpointRecord = { at: existing?.at ?? at, changes: [...(existing?.changes ?? []), ...refs.filter((ref) => !existing?.changes.some((old) => old.path === ref.path))] };
  await Promise.all([...fresh.map((hash) => blobs.put(toWrite.get(hash) as Contents, hash)), tx.objectStore('checkpoints').put(merged, [sessionId, prompt]), tx.done]);
  return fresh.length;
}

/** What undoing a session's runs from prompt `prompt` on does to the files: path → contents before (null: delete). */
export async function changesBackTo(db: GlassboxDb, sessionId: string, prompt: number): Promise<Map<string, Contents | null>> {
  const tx = db.transaction(['blobs', 'checkpoints'], 'readonly');
  const records = await tx.objectStore('checkpoints').getAll(sessionRange(sessionId, prompt));
  const result = new Map<string, string | null>();
  // Oldest first, and the first run that touched a path decides its contents before.
  for (const record of records) for (const change of record.changes) if (!result.has(change.path)) result.set(change.path, change.hash);
  const contents = new Map<string, Contents | null>();
  for (const [path, hash] of result) {
    if (hash === null) {
      contents.set(path, null);
      continue;
    }
    const blob = await tx.objectStore('blobs').get(hash);
    if (blob === undefined) throw new Error(`A checkpoint's copy of ${path} is missing from browser storage.`);
    contents.set(path, blob);
  }
  return contents;
}

/** `files` with the changes applied (the files as they were before that prompt). */
export function applyChanges(files: Snapshot, changes: ReadonlyMap<string, Contents | null>): Snapshot {
  const next: Snapshot['files'] = { ...files.files };
  for (const [path, contents] of changes) {
    if (contents === null) delete next[path];
    else next[path] = contents;
  }
  return { files: next };
}

/** Forget a session's checkpoints from prompt `from` on (after a rewind, or when it is deleted). */
export async function dropCheckpoints(db: GlassboxDb, sessionId: string, from = 0): Promise<void> {
  await db.delete('checkpoints', sessionRange(sessionId, from));
}

/** Copy a session's checkpoints before prompt `until` to another session (a fork keeps its past). */
export async function copyCheckpoints(db: GlassboxDb, fromSession: string, toSession: string, until: number): Promise<void> {
  // Forking before the first prompt keeps no past (and a range [0, 0) is an error in IndexedDB).
  if (until <= 0) return;
  const tx = db.transaction('checkpoints', 'readwrite');
  const range = IDBKeyRange.bound([fromSession, 0], [fromSession, until], false, true);
  const [keys, values] = await Promise.all([tx.store.getAllKeys(range), tx.store.getAll(range)]);
  await Promise.all([...keys.map(([, prompt], at) => tx.store.put(values[at] as CheckpointRecord, [toSession, prompt])), tx.done]);
}
