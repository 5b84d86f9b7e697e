/** A real demo run (Session, default tools, offline sandbox, scripted model), for share tests and the bench. */
import type { LoggedEvent } from '../../../src/agent/event-log';
import { Session } from '../../../src/agent/session';
import { createDemoModel, DEMO_PROMPT } from '../../../src/models/demo-script';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
import type { Snapshot } from '../../../src/sandbox/port';
import { createDefaultTools } from '../../../src/tools/registry';

export interface DemoRun {
  files: Snapshot['files'];
  log: LoggedEvent[];
  prompt: string;
}

export async function demoRun(): Promise<DemoRun> {
  const sandbox = await createOfflineSandbox();
  const session = new Session({ sandbox, model: createDemoModel({ chunkDelayMs: 0 }), tools: createDefaultTools(), permissionMode: 'bypass' });
  await session.send(DEMO_PROMPT);
  const { files } = await sandbox.snapshot();
  const log = [...session.log];
  await sandbox.dispose();
  return { files, log, prompt: DEMO_PROMPT };
}
