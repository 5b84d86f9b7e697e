/**
 * The heavy half of the app, loaded with a dynamic import after the first paint:
 * the sandbox (WebContainer when it boots, else the offline sandbox: see ../boot/sandbox-boot.ts),
 * the agent Session, the default tools and the scripted demo model.
 */
import { closingEvents } from '../../agent/event-log';
import { Session } from '../../agent/session';
import { contextPromptBuilder } from '../../agent/context-prompt';
import { costUsd } from '../../models/catalogue';
import { createDemoModel, DEMO_PROMPT } from '../../models/demo-script';
import type { Sandbox } from '../../sandbox/port';
import { retryWebContainer } from '../boot/sandbox-boot';
import { movedToOtherTabProblem, otherTabProblem } from '../../store/storage-problem';
import { browserTabPorts, TabOwnership } from '../../store/tab-ownership';
import { WorkspacePersistence } from '../../store/workspace-store';
import { createDefaultTools } from '../../tools/registry';
import { createMemoryTool } from '../../tools/memory';
import { memoryBook } from '../memory/memory-book';
import { SubagentCatalogue } from '../../agent/subagent-types';
import { WorkspaceToolCatalogue } from '../../tools/workspace-tools/catalogue';
import { loadCorsProxy } from '../settings/cors-proxy';
import { loadSearchSettings, searchCredentials } from '../settings/web-search-settings';
import type { RestoredState, Runtime } from './runtime-types';

/** `sandboxReady`: the sandbox boot, started by ../boot/start.ts while this chunk loaded. */
export async function createRuntime(sandboxReady: Promise<Sandbox>): Promise<Runtime> {
  const persistence = new WorkspacePersistence();
  void persistence.load(); // Reading the saved workspace overlaps the sandbox boot.
  // Another tab may own the saved workspace: then this one reads it but never writes.
  const owning = TabOwnership.claim({ ...browserTabPorts(), beforeRelease: () => persistence.stopSaving(movedToOtherTabProblem()) });
  let sandbox: Sandbox;
  try {
    sandbox = await sandboxReady;
  } catch (error) {
    // Let the lock go, so the next boot of this tab (a retry) can own the workspace again.
    (await owning).dispose();
    throw error;
  }
  const ownership = await owning;
  if (ownership.role !== 'owner') await persistence.stopSaving(otherTabProblem());
  // Before anything shows the sandbox (file tree, terminal), so they open on the restored files.
  const { conversation, notice } = await persistence.restore(sandbox);
  persistence.follow(sandbox);
  const saved = conversation?.log ?? [];
  // A run the page never finished ends here, so the log (and the transcript) is whole again.
  const closing = closingEvents(saved, Date.now());
  const restored: RestoredState = {
    ...(notice === undefined ? {} : { notice }),
    ...(conversation ? { permissionMode: conversation.permissionMode } : {}),
    rewrite: conversation?.rewrite === true || closing.length > 0,
  };
  const model = createDemoModel();
  // Long-term memory: its index in every system prompt, the Memory tool to change it.
  const memory = await memoryBook();
  const subagents = new SubagentCatalogue();
  const session = new Session({
    sandbox,
    model,
    tools: [...createDefaultTools({ agentTypes: () => subagents.types(), corsProxy: () => loadCorsProxy(), searchCredentials }), createMemoryTool(memory)],
    subagents,
    // `.glassbox/tools/*.json`: the workspace's own tools, read again before each run.
    workspaceTools: new WorkspaceToolCatalogue(),
    // The built-in prompt, the workspace's AGENTS.md/CLAUDE.md and the memory, as named parts.
    systemPrompt: contextPromptBuilder({ memory }),
    // Estimated from the catalogue's prices (unknown models cost nothing shown).
    settings: { costOf: (usage, modelId) => costUsd(modelId, usage) },
    // The session continues the saved log: the model sees its transcript as its history.
    log: [...saved, ...closing],
    ...(conversation ? { permissionMode: conversation.permissionMode } : {}),
  });
  // The search API key: WebSearch is offered once it is read (if there is one).
  void loadSearchSettings().catch(() => undefined);
  // Awaited: a run must never start without the user's deny rules.
  await followUserRules(session);
  // The workspace's own rules, for the Permissions view (every run reads them again before it starts).
  void session.reloadWorkspaceRules().catch(() => undefined);
  const runtime: Runtime = {
    sandbox,
    session,
    demoPrompt: DEMO_PROMPT,
    resetModel: () => model.reset(),
    retryWebContainer: () => retryWebContainer(runtime.sandbox),
    persistence,
    ownership,
    restored,
  };
  return runtime;
}

/**
 * The user's rules in this browser: read into the session before it runs, and saved whenever they
 * change ("Always allow", the Permissions view). A save that fails keeps them for this tab.
 */
async function followUserRules(session: Session): Promise<void> {
  const { settingsStore } = await import('../../store/settings');
  session.permissionRules.setLists('user', await settingsStore.loadPermissionRules());
  session.permissionRules.onChange((source) => {
    if (source === 'user') void settingsStore.savePermissionRules(session.permissionRules.listsOf('user'));
  });
}
