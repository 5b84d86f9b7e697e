export interface GitServer {
  port: number;
  url: string;
  /** Let held packs (`stallPack`) go on, and stop holding new ones. */
  release(): void;
  close(): Promise<void>;
}

export interface GitServerOptions {
  root: string;
  port?: number;
  /** Repository directory name (e.g. "secret.git") → the token its basic auth accepts. */
  private?: Record<string, string>;
  dropMidPack?: boolean | string[];
  stallPack?: boolean | string[];
}

export interface RepositorySpec {
  commits: Array<Record<string, string | Uint8Array>>;
  tags?: Record<string, number>;
  branches?: Record<string, number>;
  defaultBranch?: string;
}

export function makeRepository(root: string, name: string, spec: RepositorySpec): string[];
export function startGitServer(options: GitServerOptions): Promise<GitServer>;
