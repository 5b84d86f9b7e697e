/**
 * Agent types for the Agent tool: the built-in ones (general-purpose, Explore) and custom ones
 * from the workspace, in Claude Code's format: `.glassbox/agents/*.md` or `.claude/agents/*.md`,
 * a YAML frontmatter (name, description, tools as a comma list, model) and the system prompt as
 * the body. A file that does not parse is reported with its problem, never half-used.
 */
import type { Sandbox } from '../sandbox/port';
import { isNotFound } from '../tools/fs-errors';
import type { SubagentTypeSummary } from '../tools/port';

export interface SubagentType extends SubagentTypeSummary {
  /** The sub-agent's own instructions (the first part of its system prompt). */
  systemPrompt: string;
  /** A provider model id to use instead of the parent's; absent (or an alias like `inherit`, `sonnet`) keeps the parent's. */
  model?: string;
  /** Model calls allowed in one sub-agent run. */
  maxTurns: number;
  /**
   * True: a call the rules and the mode would ask the user about is refused instead (read-only
   * agents: Bash runs only when an allow rule covers the command).
   */
  neverAsks?: boolean;
  /** Where a custom type came from (workspace-relative path). */
  file?: string;
}

/** A custom agent file that could not be used, and why. */
export interface SubagentTypeProblem {
  file: string;
  problem: string;
}

/** Sub-agents get fewer turns than the parent's default: they do one focused task. */
export const SUBAGENT_MAX_TURNS = 25;

/** Folders read for custom agent types, relative to the workspace root, in order (the first definition of a name wins). */
export const AGENT_FOLDERS = ['.glassbox/agents', '.claude/agents'] as const;

const REPORT_NOTE =
  'When you are done, answer with one final report for the agent that launched you: what you found or did, with file paths and the key facts. ' +
  'It is the only thing it will see of your work, so be complete but concise. Do not ask questions: nobody can answer them.';

export const BUILT_IN_AGENT_TYPES: readonly SubagentType[] = [
  {
    name: 'general-purpose',
    description:
      'General-purpose agent for researching complex questions, searching for code, and executing multi-step tasks. Use it when a search may take several rounds of looking, or for an independent piece of work.',
    systemPrompt: `You are a sub-agent of Glassbox, working on one task given to you by the main agent. Do what the task asks, with the tools you have, and nothing more.\n\n${REPORT_NOTE}`,
    maxTurns: SUBAGENT_MAX_TURNS,
  },
  {
    name: 'Explore',
    description:
      'Fast read-only agent for exploring a codebase: finding files by pattern, searching code for keywords, answering questions about how the code works. It cannot change files. Say how thorough it should be (quick, medium or very thorough).',
    tools: ['Read', 'Glob', 'Grep', 'Bash'],
    systemPrompt:
      'You are an Explore sub-agent of Glassbox: a read-only search specialist. Find and read what the task asks about with Glob, Grep and Read. ' +
      'You cannot create, edit or delete files. Bash runs only commands the permission rules allow (e.g. ls, git log); others are refused, so prefer Glob, Grep and Read. ' +
      `Search in parallel where you can.\n\n${REPORT_NOTE}`,
    maxTurns: SUBAGENT_MAX_TURNS,
    neverAsks: true,
  },
];

/** Aliases Claude Code agent files use for "a model of that family": here they keep the session's model. */
const MODEL_ALIASES = new Set(['inherit', 'sonnet', 'opus', 'haiku']);

type ParsedAgent = { ok: true; type: SubagentType } | { ok: false; problem: string };

/**
 * One agent file's type: frontmatter between `---` lines, then the system prompt. `name` and
 * `description` are required; `tools` is a comma list (or a YAML list) of tool names, absent
 * meaning every tool but Agent.
 */
export async function parseAgentFile(text: string, file: string): Promise<ParsedAgent> {
  const match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/.exec(text);
  if (!match) return { ok: false, problem: 'has no frontmatter (a block between --- lines with name and description)' };
  const { parse } = await import('yaml');
  let data: unknown;
  try {
    data = parse(match[1] ?? '');
  } catch (error) {
    return { ok: false, problem: `has frontmatter that is not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, problem: 'has frontmatter that is not a set of fields' };
  const fields = data as Record<string, unknown>;
  const name = typeof fields.name === 'string' ? fields.name.trim() : '';
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) return { ok: false, problem: 'needs a "name" made of letters, digits, "-", "_" or "."' };
  const description = typeof fields.description === 'string' ? fields.description.trim() : '';
  if (description === '') return { ok: false, problem: 'needs a "description" saying when to use the agent' };
  let tools: string[] | undefined;
  if (typeof fields.tools === 'string') tools = fields.tools.split(',').map((tool) => tool.trim()).filter((tool) => tool !== '');
  else if (Array.isArray(fields.tools) && fields.tools.every((tool) => typeof tool === 'string')) tools = fields.tools.map((tool: string) => tool.trim());
  else if (fields.tools !== undefined && fields.tools !== null) return { ok: false, problem: '"tools" must be a comma-separated list of tool names' };
  const model = typeof fields.model === 'string' && !MODEL_ALIASES.has(fields.model.trim()) && fields.model.trim() !== '' ? fields.model.trim() : undefined;
  const body = (match[2] ?? '').trim();
  const systemPrompt = body === '' ? `You are the ${name} sub-agent of Glassbox. ${description}` : body;
  return {
    ok: true,
    type: {
      name,
      description,
      ...(tools === undefined ? {} : { tools }),
      systemPrompt: `${systemPrompt}\n\n${REPORT_NOTE}`,
      ...(model === undefined ? {} : { model }),
      maxTurns: SUBAGENT_MAX_TURNS,
      file,
    },
  };
}

/** The custom types in the workspace's agent folders, and the files that could not be used. */
export async function loadWorkspaceAgentTypes(sandbox: Sandbox): Promise<{ types: SubagentType[]; problems: SubagentTypeProblem[] }> {
  const root = sandbox.root.replace(/\/+$/, '');
  const types: SubagentType[] = [];
  const problems: SubagentTypeProblem[] = [];
  for (const folder of AGENT_FOLDERS) {
    let entries;
    try {
      entries = await sandbox.fs.list(`${root}/${folder}`);
    } catch (error) {
      if (!isNotFound(error)) problems.push({ file: folder, problem: `could not be read: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    const files = entries.filter((entry) => entry.kind === 'file' && entry.name.endsWith('.md')).map((entry) => entry.name).sort();
    for (const name of files) {
      const file = `${folder}/${name}`;
      try {
        const parsed = await parseAgentFile(await sandbox.fs.readText(`${root}/${file}`), file);
        if (parsed.ok) types.push(parsed.type);
        else problems.push({ file, problem: parsed.problem });
      } catch (error) {
        problems.push({ file, problem: `could not be read: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
  }
  return { types, problems };
}

/** The agent types a session offers: the built-in ones, then the workspace's (reloaded before each run). */
export class SubagentCatalogue {
  private custom: SubagentType[] = [];
  private fileProblems: SubagentTypeProblem[] = [];

  /** Every type, built-in first; a custom type with a built-in's name replaces it (as in Claude Code). */
  types(): readonly SubagentType[] {
    const customNames = new Set(this.custom.map((type) => type.name));
    const seen = new Set<string>();
    const custom = this.custom.filter((type) => !seen.has(type.name) && seen.add(type.name));
    return [...BUILT_IN_AGENT_TYPES.filter((type) => !customNames.has(type.name)), ...custom];
  }

  find(name: string): SubagentType | undefined {
    return this.types().find((type) => type.name === name);
  }

  /** Agent files that could not be used, with why. */
  get problems(): readonly SubagentTypeProblem[] {
    return this.fileProblems;
  }

  setCustom(types: readonly SubagentType[], problems: readonly SubagentTypeProblem[] = []): void {
    this.custom = [...types];
    this.fileProblems = [...problems];
  }

  async reload(sandbox: Sandbox): Promise<void> {
    const { types, problems } = await loadWorkspaceAgentTypes(sandbox);
    this.setCustom(types, problems);
  }
}
