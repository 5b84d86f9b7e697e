/**
 * Play a recorded run in a session: the replay client answers instead of the session's model,
 * each recorded prompt is sent in turn, and the session's model is put back at the end (unless
 * the user chose another one meanwhile). The session should be a fresh one, on the files the
 * recorded run started with: on other files the tools return other things, and the replay says
 * so at each step where they do.
 */
import type { StopReason } from '../events';
import type { SessionApi } from '../session-contract';
import type { ReplayModelClient } from './replay-client';

export type ReplaySession = Pick<SessionApi, 'model' | 'modelId' | 'setModel' | 'send'>;

export interface ReplayOutcome {
  /** How each run that was played ended, in order. */
  reasons: StopReason[];
}

export async function playRecording(session: ReplaySession, client: ReplayModelClient): Promise<ReplayOutcome> {
  const ownModel = session.model;
  const ownModelId = session.modelId;
  const { prompts } = client.recording;
  session.setModel(client, client.recording.model || ownModelId);
  const reasons: StopReason[] = [];
  try {
    for (const [run, prompt] of prompts.entries()) {
      client.beginRun(run);
      const reason = await session.send(prompt);
      reasons.push(reason);
      if (reason === 'interrupted' || reason === 'permission_denied_stop') break;
    }
  } finally {
    if (session.model === client) session.setModel(ownModel, ownModelId);
  }
  return { reasons };
}
