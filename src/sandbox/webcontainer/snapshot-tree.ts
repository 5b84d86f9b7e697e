import type { DirectoryNode, FileNode, FileSystemTree } from '@webcontainer/api';
import { SandboxError, type Snapshot } from '../port';

/** A FileSystemTree entry whose `file` holds contents (not a symlink). */
function isContentFile(node: FileSystemTree[string]): node is FileNode {
  return 'file' in node && 'contents' in node.file;
}

/**
 * Flattens an `export(…, { format: 'json' })` tree into a Snapshot. Text files come back from
 * WebContainer as strings and binary ones as Uint8Array, which the Snapshot keeps as they are.
 * Directories are implied by file paths (empty ones are lost), symlinks are skipped (a Snapshot
 * holds file contents only), and so is any path with an excluded segment.
 */
export function treeToSnapshot(tree: FileSystemTree, excludedSegments: readonly string[] = []): Snapshot {
  const files: Record<string, string | Uint8Array> = {};
  const walk = (node: FileSystemTree, prefix: string) => {
    for (const name of Object.keys(node).sort()) {
      const entry = node[name];
      if (!entry || excludedSegments.includes(name)) continue;
      const path = prefix === '' ? name : `${prefix}/${name}`;
      if ('directory' in entry) walk(entry.directory, path);
      else if (isContentFile(entry)) files[path] = entry.file.contents;
    }
  };
  walk(tree, '');
  return { files };
}

/**
 * The FileSystemTree that `mount()` takes for a Snapshot. Paths must stay inside the workspace:
 * a crafted snapshot (from a shared link) with `..`, an absolute path or a file where a
 * directory is needed is refused with EINVAL before anything is touched.
 */
export function snapshotToTree(snapshot: Snapshot): FileSystemTree {
  const tree: FileSystemTree = {};
  for (const [path, contents] of Object.entries(snapshot.files)) {
    const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
    if (path.startsWith('/') || segments.length === 0 || segments.includes('..')) {
      throw new SandboxError('EINVAL', `Snapshot path ${JSON.stringify(path)} is outside the workspace.`, path);
    }
    let directory = tree;
    for (const segment of segments.slice(0, -1)) {
      const existing = directory[segment];
      if (existing === undefined) {
        const created: DirectoryNode = { directory: {} };
        directory[segment] = created;
        directory = created.directory;
      } else if ('directory' in existing) {
        directory = existing.directory;
      } else {
        throw new SandboxError('EINVAL', `Snapshot path ${JSON.stringify(path)} runs through a file.`, path);
      }
    }
    const name = segments[segments.length - 1] as string;
    if (directory[name] !== undefined) {
      throw new SandboxError('EINVAL', `Snapshot path ${JSON.stringify(path)} is given twice or is also a directory.`, path);
    }
    // Copy bytes: mount() hands its payload to another thread, and the caller keeps its snapshot.
    directory[name] = { file: { contents: typeof contents === 'string' ? contents : contents.slice() } };
  }
  return tree;
}
