/**
 * The heavy half of the app, loaded with a dynamic import after the first paint:
 * the sandbox (WebContainer when it boots, else the offline sandbox: see ../boot/sandbox-boot.ts),
 * the agent Session, the default tools and the scripted demo model.
 */
import { Session } from '../../agent/session';
import { describeToolUse } from '../../agent/tool-call-info';
import { buildSystemPrompt } from '../../agent/system-prompt';
import { costUsd } from '../../models/catalogue';
import { createDemoModel, DEMO_PROMPT } from '../../models/demo-script';
import type { ToolUseBlock } from '../../models/messages';
import type { Sandbox } from '../../sandbox/port';
import { retryWebContainer } from '../boot/sandbox-boot';
import { movedToOtherTabProblem, otherTabProblem } from '../../store/storage-problem';
import { browserTabPorts, TabOwnership } from '../../store/tab-ownership';
import { WorkspacePersistence } from '../../store/workspace-store';
import { createDefaultTools } from '../../tools/registry';
import type { RestoredState, Runtime } from './runtime-types';
import { transcriptView } from './transcript-view';

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
  const messages = conversation?.messages ?? [];
  const tools = createDefaultTools();
  const describeCall = (block: ToolUseBlock) => describeToolUse(block, tools, sandbox.root);
  const restored: RestoredState = {
    view: messages.length > 0 || notice !== undefined ? transcriptView(messages, notice, conversation ?? {}, describeCall) : null,
    ...(conversation ? { permissionMode: conversation.permissionMode } : {}),
  };
  const model = createDemoModel();
  const session = new Session({
    sandbox,
    model,
    tools,
    systemPrompt: buildSystemPrompt,
    // Estimated from the catalogue's prices (unknown models cost nothing shown).
    settings: { costOf: (usage, modelId) => costUsd(modelId, usage) },
    // The model sees the restored conversation as its history.
    messages,
    ...(conversation ? { permissionMode: conversation.permissionMode } : {}),
  });
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
