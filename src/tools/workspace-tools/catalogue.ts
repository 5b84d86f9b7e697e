/**
 * The workspace's own tools: every `.glassbox/tools/*.json` file (./definition.ts), read again
 * before each run so a tool written by the user or by the agent is offered from the next prompt on.
 * Other files in the folder (the scripts the commands run) are left alone. A file that cannot be
 * used is listed with its problem and never offered; it never stops a run.
 */
import type { Sandbox } from '../../sandbox/port';
import { errorMessage, isNotFound } from '../fs-errors';
import type { AnyTool } from '../port';
import { parseWorkspaceToolFile, type WorkspaceToolDefinition } from './definition';
import { createWorkspaceTool } from './workspace-tool';

/** The folder, relative to the workspace root. */
export const WORKSPACE_TOOLS_FOLDER = '.glassbox/tools';

/** A definition file that could not be used, and why (one sentence, after the file's path). */
export interface WorkspaceToolProblem {
  file: string;
  problem: string;
}

/** A tool the workspace defines, as the chat names it. */
export interface WorkspaceToolSummary {
  name: string;
  file: string;
}

export interface WorkspaceToolsLoaded {
  definitions: WorkspaceToolDefinition[];
  problems: WorkspaceToolProblem[];
}

/**
 * Reads the folder. `reservedNames`: the built-in tools' names, which a workspace tool cannot take
 * (a file named like one is a problem, not a replacement: a workspace file must not swap Bash out).
 */
export async function loadWorkspaceTools(sandbox: Sandbox, reservedNames: ReadonlySet<string>): Promise<WorkspaceToolsLoaded> {
  const folder = `${sandbox.root.replace(/\/+$/, '')}/${WORKSPACE_TOOLS_FOLDER}`;
  const definitions: WorkspaceToolDefinition[] = [];
  const problems: WorkspaceToolProblem[] = [];
  let names: string[];
  try {
    names = (await sandbox.fs.list(folder))
      .filter((entry) => entry.kind !== 'directory' && entry.name.endsWith('.json'))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if (!isNotFound(error)) problems.push({ file: WORKSPACE_TOOLS_FOLDER, problem: `could not be read: ${errorMessage(error)}` });
    return { definitions, problems };
  }
  const parsedFiles: WorkspaceToolDefinition[] = [];
  for (const name of names) {
    const file = `${WORKSPACE_TOOLS_FOLDER}/${name}`;
    let text: string;
    try {
      text = await sandbox.fs.readText(`${folder}/${name}`);
    } catch (error) {
      problems.push({ file, problem: `could not be read: ${errorMessage(error)}` });
      continue;
    }
    const parsed = parseWorkspaceToolFile(text, file);
    if (parsed.ok) parsedFiles.push(parsed.definition);
    else problems.push({ file, problem: parsed.problem });
  }
  // Two files with one name: the file named after the tool keeps it, else the first by file name.
  const claimsFirst = (definition: WorkspaceToolDefinition): number => (definition.file === `${WORKSPACE_TOOLS_FOLDER}/${definition.name}.json` ? 0 : 1);
  const definedIn = new Map<string, string>();
  for (const definition of [...parsedFiles].sort((a, b) => claimsFirst(a) - claimsFirst(b))) {
    const { file } = definition;
    if (reservedNames.has(definition.name)) {
      problems.push({ file, problem: `is named "${definition.name}", like a built-in tool: give it another "name"` });
      continue;
    }
    const earlier = definedIn.get(definition.name);
    if (earlier !== undefined) {
      problems.push({ file, problem: `defines "${definition.name}", which ${earlier} already defines: give it another "name"` });
      continue;
    }
    definedIn.set(definition.name, file);
    definitions.push(definition);
  }
  definitions.sort((a, b) => (a.file < b.file ? -1 : 1));
  problems.sort((a, b) => (a.file < b.file ? -1 : 1));
  return { definitions, problems };
}

/** A session's workspace tools as of the last reload (before each run). */
export class WorkspaceToolCatalogue {
  private current: WorkspaceToolsLoaded = { definitions: [], problems: [] };
  private built: AnyTool[] = [];

  /** The tools to offer, in file-name order. */
  get tools(): readonly AnyTool[] {
    return this.built;
  }

  get definitions(): readonly WorkspaceToolDefinition[] {
    return this.current.definitions;
  }

  get summaries(): WorkspaceToolSummary[] {
    return this.current.definitions.map(({ name, file }) => ({ name, file }));
  }

  get problems(): readonly WorkspaceToolProblem[] {
    return this.current.problems;
  }

  /** Reads the folder again. The tool list stays the same array while the definitions are the same, so callers can compare it. */
  async reload(sandbox: Sandbox, reservedNames: ReadonlySet<string>): Promise<void> {
    const loaded = await loadWorkspaceTools(sandbox, reservedNames);
    const before = fingerprint(this.current.definitions);
    this.current = loaded;
    if (fingerprint(loaded.definitions) !== before) this.built = loaded.definitions.map(createWorkspaceTool);
  }
}

/** Everything of the definitions that the tools are made of (the zod schema follows from the JSON one). */
function fingerprint(definitions: readonly WorkspaceToolDefinition[]): string {
  return JSON.stringify(definitions.map(({ name, description, inputJsonSchema, command, timeoutSeconds, file }) => [name, description, inputJsonSchema, command, timeoutSeconds, file]));
}
