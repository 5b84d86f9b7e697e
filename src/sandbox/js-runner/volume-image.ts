import { MemoryVolume } from './memory-volume';

/** One preloaded entry, as plain data (structured-clone friendly). */
export type VolumeImageEntry =
  | { path: string; kind: 'directory'; mtimeMs: number }
  /** `bytes` is null for a file listed but too big to preload (reading it fails with EFBIG). */
  | { path: string; kind: 'file'; bytes: Uint8Array | null; size: number; mtimeMs: number };

/**
 * The preloaded workspace as a list, parents before children: what the host posts to the engine.
 * Why a list rather than the volume itself: structured clone drops class prototypes, and the
 * engine must rebuild the volume's bookkeeping (what preload saw) on its own side anyway.
 * The bytes are shared, not copied: posting them to a worker copies them, and in-process the
 * volume never writes into a preloaded buffer (appends grow into a new one).
 */
export function imageOfVolume(volume: MemoryVolume): VolumeImageEntry[] {
  const image: VolumeImageEntry[] = [];
  for (const path of volume.subtreePaths('/')) {
    if (path === '/') continue;
    const entry = volume.get(path);
    if (entry?.kind === 'directory') image.push({ path, kind: 'directory', mtimeMs: entry.mtimeMs });
    else if (entry?.kind === 'file') image.push({ path, kind: 'file', bytes: entry.bytes, size: entry.size, mtimeMs: entry.mtimeMs });
  }
  return image;
}

/** The engine's copy of the workspace, as preload left it (nothing dirty). */
export function volumeFromImage(image: readonly VolumeImageEntry[]): MemoryVolume {
  const volume = new MemoryVolume();
  for (const entry of image) {
    if (entry.kind === 'directory') volume.load(entry.path, { kind: 'directory', mtimeMs: entry.mtimeMs, children: new Set() });
    else volume.load(entry.path, { kind: 'file', bytes: entry.bytes, size: entry.size, mtimeMs: entry.mtimeMs, version: 0 });
  }
  return volume;
}
