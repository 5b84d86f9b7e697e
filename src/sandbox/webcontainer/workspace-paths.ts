import { isWithin, normalizeAbsolute, relativeTo, resolveFrom } from '../workspace-path';
import { sandboxFsError } from './fs-errors';

/**
 * Maps sandbox paths to WebContainer ones. The WebContainer fs API is rooted at its workdir
 * (`/home/project`): `'/src/a.ts'` there means `<workdir>/src/a.ts`, and nothing outside the
 * workdir can be reached through it. The sandbox port speaks in absolute paths, so a path must
 * lie under the root (relative paths resolve against it); others fail with EACCES.
 */
export class WorkspacePaths {
  readonly root: string;

  constructor(workdir: string) {
    this.root = normalizeAbsolute(workdir);
  }

  /** Absolute, normalized sandbox path. */
  absolute(path: string): string {
    return resolveFrom(this.root, path);
  }

  /** The path for `wc.fs` calls (`/` is the workdir). Throws EACCES outside the workspace. */
  toFs(path: string, operation: string): string {
    return `/${this.relative(path, operation)}`;
  }

  /** Path relative to the root (`''` for the root). Throws EACCES outside the workspace. */
  relative(path: string, operation: string): string {
    const absolute = this.absolute(path);
    if (!isWithin(this.root, absolute)) {
      throw sandboxFsError('EACCES', operation, absolute, 'outside the workspace');
    }
    return relativeTo(this.root, absolute);
  }

  /** Sandbox path of a workdir-relative name (as `fs.watch` reports them). */
  fromRelative(relative: string): string {
    return normalizeAbsolute(`${this.root}/${relative}`);
  }

  /**
   * `cwd` for spawn: relative to the workdir when inside it (the documented form), else the
   * absolute path (WebContainer resolves it like Node's path.resolve, so it stays absolute).
   */
  spawnCwd(cwd: string | undefined): string | undefined {
    if (cwd === undefined) return undefined;
    const absolute = this.absolute(cwd);
    if (!isWithin(this.root, absolute)) return absolute;
    const relative = relativeTo(this.root, absolute);
    return relative === '' ? '.' : relative;
  }
}
