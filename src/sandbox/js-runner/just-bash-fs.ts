import type { IFileSystem } from 'just-bash';
import type { WorkspaceEntryKind, WorkspaceFs } from './types';

/** The runner's WorkspaceFs over just-bash's async fs (what a custom command receives as ctx.fs). */
export function justBashWorkspaceFs(fs: IFileSystem): WorkspaceFs {
  const kindOf = (stat: { isFile: boolean; isDirectory: boolean; isSymbolicLink: boolean }): WorkspaceEntryKind =>
    stat.isSymbolicLink ? 'symlink' : stat.isDirectory ? 'directory' : 'file';

  return {
    async list(path) {
      if (fs.readdirWithFileTypes) {
        return (await fs.readdirWithFileTypes(path)).map((entry) => ({ name: entry.name, kind: kindOf(entry) }));
      }
      const names = await fs.readdir(path);
      return Promise.all(names.map(async (name) => ({ name, kind: kindOf(await fs.lstat(`${path === '/' ? '' : path}/${name}`)) })));
    },
    async stat(path) {
      const stat = await fs.stat(path);
      return { kind: kindOf(stat), size: stat.size, mtimeMs: stat.mtime.getTime() };
    },
    readBytes: (path) => fs.readFileBuffer(path),
    write: (path, data) => fs.writeFile(path, data),
    mkdir: (path) => fs.mkdir(path, { recursive: true }),
    rm: (path) => fs.rm(path, { recursive: true, force: true }),
  };
}
