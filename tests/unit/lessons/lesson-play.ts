/**
 * Test side of the lessons: read a lesson folder from the repository (fs + the format's schemas,
 * nothing of the app's loader) and play its scripted run in the real harness, in Node, the way
 * the app does: the offline sandbox with the `node` runner, the default tools, the Memory tool,
 * the sub-agent catalogue, the context prompt (AGENTS.md, memory), the lesson's harness settings,
 * and a learner who answers every permission prompt with "Allow".
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AgentEvent } from '../../../src/agent/events';
import { gatherCallFacts } from '../../../src/agent/call-facts';
import { contextPromptBuilder } from '../../../src/agent/context-prompt';
import { decidePermission } from '../../../src/agent/permissions';
import { Session } from '../../../src/agent/session';
import { SubagentCatalogue } from '../../../src/agent/subagent-types';
import { loadWorkspaceRuleFiles } from '../../../src/agent/workspace-settings';
import { PermissionRuleBook } from '../../../src/agent/permission-rule-book';
import { lessonManifestSchema, lessonRunSchema, lessonSlug, type Lesson, type LessonCheckContext } from '../../../src/lessons/lesson-format';
import { ScriptedModelClient } from '../../../src/models/scripted';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
import { createNodeCommand } from '../../../src/sandbox/js-runner';
import type { Sandbox } from '../../../src/sandbox/port';
import { MemoryStore } from '../../../src/store/memory-store';
import { isNotFound } from '../../../src/tools/fs-errors';
import { createMemoryTool } from '../../../src/tools/memory';
import { createDefaultTools } from '../../../src/tools/registry';
import { WorkspaceToolCatalogue } from '../../../src/tools/workspace-tools/catalogue';
import type { AnyTool } from '../../../src/tools/port';

export const LESSONS_DIR = join(import.meta.dirname, '../../../lessons');

/** The lesson folders present in lessons/, sorted. */
export function lessonFolders(): string[] {
  return readdirSync(LESSONS_DIR)
    .filter((name) => statSync(join(LESSONS_DIR, name)).isDirectory())
    .sort();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** A lesson folder read whole and checked against the format's schemas (throws with the problem). */
export function readLesson(folder: string): Lesson {
  const dir = join(LESSONS_DIR, folder);
  const slug = lessonSlug(folder);
  if (slug === undefined) throw new Error(`${folder} is not a lesson folder name`);
  const json = (name: string): unknown => JSON.parse(readFileSync(join(dir, name), 'utf8'));
  const manifest = lessonManifestSchema.parse(json('lesson.json'));
  const run = lessonRunSchema.parse(json('run.json'));
  const content = readFileSync(join(dir, 'content.md'), 'utf8');
  const files: Record<string, string> = {};
  for (const path of filesUnder(join(dir, 'files'))) files[relative(join(dir, 'files'), path).split('\\').join('/')] = readFileSync(path, 'utf8');
  return { folder, slug, manifest, content, files, run };
}

/** What a played lesson leaves behind. */
export interface PlayedLesson {
  lesson: Lesson;
  session: Session;
  model: ScriptedModelClient;
  sandbox: Sandbox;
  memory: MemoryStore;
  /** Every event of the session, sub-agents' events unwrapped after their wrapper. */
  events: AgentEvent[];
  /** Call ids the learner was asked about. */
  asked: string[];
  reason: string;
}

export const ROOT = '/workspace';

export async function writeWorkspaceFile(sandbox: Sandbox, path: string, content: string): Promise<void> {
  // The sandbox's write makes the missing folders.
  await sandbox.fs.write(`${ROOT}/${path}`, content);
}

export async function readWorkspaceFile(sandbox: Sandbox, path: string): Promise<string | undefined> {
  try {
    return await sandbox.fs.readText(`${ROOT}/${path}`);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Opens a lesson as the app would (its files in a fresh offline workspace, its harness settings) and plays its prompt. */
export async function playLesson(lesson: Lesson): Promise<PlayedLesson> {
  const sandbox = await createOfflineSandbox({ root: ROOT, commands: [createNodeCommand()] });
  for (const [path, content] of Object.entries(lesson.files)) await writeWorkspaceFile(sandbox, path, typeof content === 'string' ? content : new TextDecoder().decode(content));
  const memory = new MemoryStore({ inMemory: true });
  const subagents = new SubagentCatalogue();
  const harness = lesson.manifest.harness;
  const model = new ScriptedModelClient({ script: lesson.run.turns, chunkDelayMs: 0 });
  const session = new Session({
    sandbox,
    model,
    tools: [...createDefaultTools({ agentTypes: () => subagents.types() }), createMemoryTool(memory)],
    subagents,
    // As the app: tool files under .glassbox/tools/ are offered too (lesson 08 is about them).
    workspaceTools: new WorkspaceToolCatalogue(),
    systemPrompt: contextPromptBuilder({ memory }),
    permissionMode: harness?.permissionMode ?? 'default',
    settings: {
      ...(harness?.maxTurns === undefined ? {} : { maxTurns: harness.maxTurns }),
      ...(harness?.context === undefined ? {} : { context: harness.context }),
    },
  });
  const events: AgentEvent[] = [];
  const asked: string[] = [];
  session.subscribe((event) => {
    events.push(event);
    if (event.type === 'subagent_event') events.push(event.event);
    // The learner presses "Allow" (once) on every prompt, from the main agent or a sub-agent.
    const prompt = event.type === 'subagent_event' ? event.event : event;
    if (prompt.type === 'permission_request') {
      asked.push(prompt.callId);
      queueMicrotask(() => session.decidePermission(prompt.callId, { kind: 'allow_once' }));
    }
  });
  const reason = await session.send(lesson.manifest.prompt);
  return { lesson, session, model, sandbox, memory, events, asked, reason };
}

/** What the app's check reads, wired to the played session: its workspace, the gate (workspace rules, default mode), its log, its memory. */
export function checkContext(played: PlayedLesson): LessonCheckContext {
  const { sandbox, session, memory } = played;
  return {
    readFile: (path) => readWorkspaceFile(sandbox, path),
    async decide(toolName, input) {
      const tool: AnyTool | undefined = session.tools.find((candidate) => candidate.name === toolName);
      if (tool === undefined) throw new Error(`no tool ${toolName}`);
      const parsed: unknown = tool.inputSchema.parse(input);
      const rules = new PermissionRuleBook();
      rules.setWorkspaceFiles(await loadWorkspaceRuleFiles(sandbox));
      const facts = await gatherCallFacts(tool, tool.permission(parsed as never, { root: sandbox.root }), sandbox);
      return decidePermission(rules.all(), 'default', facts).behavior;
    },
    events: () => session.log.map(({ event }) => event),
    memories: async () => (await memory.list()).map((entry) => `${entry.name}\n${entry.description}\n${entry.body}`),
  };
}
