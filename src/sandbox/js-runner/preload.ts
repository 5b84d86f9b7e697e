import {
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_MAX_PRELOAD_BYTES,
  DEFAULT_SKIP_NAMES,
  DEFAULT_SKIP_PATHS,
} from './limits';
import { joinPath, MemoryVolume, parentOf } from './memory-volume';
import type { PreloadOptions, WorkspaceFs } from './types';

/**
 * Copies the workspace into a MemoryVolume before the program starts.
 *
 * Why eager: QuickJS (the sync build) cannot wait for an async read in the middle of `require` or
 * `readFileSync`. The asyncify build could, but it is larger, ~2× slower and allows one suspended
 * call at a time; the workspace is an in-memory fs where reading a small project takes a few
 * milliseconds. Files over the caps are still listed (existsSync/statSync/readdirSync see them)
 * but reading one fails with EFBIG and a message naming the limit.
 */
export async function preloadWorkspace(fs: WorkspaceFs, options: PreloadOptions = {}): Promise<MemoryVolume> {
  const volume = new MemoryVolume();
  const skipNames = new Set(options.skipNames ?? DEFAULT_SKIP_NAMES);
  const skipPaths = new Set(options.skipPaths ?? DEFAULT_SKIP_PATHS);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxTotalBytes = options.maxTotalBytes ?? DEFAULT_MAX_PRELOAD_BYTES;
  let loadedBytes = 0;

  const ensureDirectory = (path: string) => {
    if (volume.get(path)) return;
    ensureDirectory(parentOf(path));
    volume.load(path, { kind: 'directory', mtimeMs: Date.now(), children: new Set() });
  };

  const loadFile = async (path: string, size: number, mtimeMs: number) => {
    const fits = size <= maxFileBytes && loadedBytes + size <= maxTotalBytes;
    // Reserved before the read: siblings load concurrently.
    if (fits) loadedBytes += size;
    const bytes = fits ? await fs.readBytes(path) : null;
    volume.load(path, { kind: 'file', bytes, size: bytes?.length ?? size, mtimeMs, version: 0 });
  };

  const visit = async (directory: string): Promise<void> => {
    let entries: Awaited<ReturnType<WorkspaceFs['list']>>;
    try {
      entries = await fs.list(directory);
    } catch {
      return;
    }
    const visitEntry = async ({ name, kind }: (typeof entries)[number]) => {
      const path = joinPath(directory, name);
      if (skipNames.has(name) || skipPaths.has(path)) return;
      try {
        if (kind === 'directory') {
          volume.load(path, { kind: 'directory', mtimeMs: (await fs.stat(path)).mtimeMs, children: new Set() });
          await visit(path);
        } else {
          // A symlink counts as what it points to; linked directories are not followed (no cycles).
          const stat = await fs.stat(path);
          if (stat.kind === 'file') await loadFile(path, stat.size, stat.mtimeMs);
        }
      } catch {
        // Vanished or unreadable: the program will not see it.
      }
    };
    await Promise.all(entries.map(visitEntry));
  };

  for (const root of options.roots ?? ['/']) {
    ensureDirectory(root);
    await visit(root);
  }
  return volume;
}
