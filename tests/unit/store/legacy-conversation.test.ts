/**
 * A conversation saved by the version before the event log (database v2: transcript, packed
 * request log, usage totals) still opens: converted once into a log that shows the same chat,
 * the same inspector requests and the same totals. The fixture was written by that version's
 * own code (WorkspaceStore.saveConversation after the demo task and a second prompt).
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { transcriptOf } from '../../../src/agent/event-log';
import { foldLog, type ChatItem } from '../../../src/app/state/fold';
import { CURRENT_KEY, openGlassboxDb } from '../../../src/store/db';
import { LEGACY_RUN_DETAIL, legacyConversationLog } from '../../../src/store/legacy-conversation';
import { WorkspaceStore } from '../../../src/store/workspace-store';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/store/${name}`, import.meta.url), 'utf8'));
const RECORD = fixture('legacy-conversation-v2.json') as { messages: unknown[]; permissionMode: string };
const EXPECTED = fixture('legacy-conversation-v2.view.json') as {
  requests: number;
  usage: Record<string, number>;
  items: Array<{ kind: string; text?: string; name?: string; status?: string; output?: string }>;
};

/** What the v2 chat showed of an item (the ids and turn numbers were never part of it). */
function shown(item: ChatItem): { kind: string; text?: string; name?: string; status?: string; output?: string } {
  if (item.kind === 'tool') return { kind: 'tool', name: item.name, status: item.status, ...(item.output === undefined ? {} : { output: item.output }) };
  return { kind: item.kind, ...('text' in item ? { text: item.text } : {}) };
}

let counter = 0;

/** A database as v2 left it, holding the fixture record. */
async function v2Database(): Promise<string> {
  counter += 1;
  const name = `glassbox-legacy-${counter}-${Date.now()}`;
  const v2 = await openDB(name, 2, {
    upgrade(db) {
      for (const store of ['settings', 'secrets', 'workspace', 'conversation']) db.createObjectStore(store);
    },
  });
  await v2.put('conversation', RECORD, CURRENT_KEY);
  v2.close();
  return name;
}

describe('a conversation saved before the event log', () => {
  it('opens with the same chat, inspector requests and totals, and says how its runs ended is unknown', async () => {
    const name = await v2Database();
    const loaded = (await new WorkspaceStore({ open: () => openGlassboxDb({ name }) }).loadConversation()).value!;
    expect(loaded.rewrite).toBe(true);
    expect(loaded.permissionMode).toBe('acceptEdits');
    expect(transcriptOf(loaded.log)).toEqual(RECORD.messages);

    const view = foldLog(loaded.log);
    expect(view.items.filter((item) => item.kind !== 'run_end').map(shown)).toEqual(EXPECTED.items);
    expect(view.requests).toHaveLength(EXPECTED.requests);
    expect(view.usage.inputTokens).toBe(EXPECTED.usage.inputTokens);
    expect(view.usage.outputTokens).toBe(EXPECTED.usage.outputTokens);
    expect(view.usage.costUsd).toBeCloseTo(EXPECTED.usage.costUsd!, 10);
    const ends = view.items.filter((item) => item.kind === 'run_end');
    expect(ends).toHaveLength(2);
    expect(ends.every((end) => end.kind === 'run_end' && end.detail === LEGACY_RUN_DETAIL && end.reason === 'completed')).toBe(true);
    expect(view.running).toBe(false);
  });

  it('is converted once: saved back as a log, it reads back to the same view, and the old record is gone', async () => {
    const name = await v2Database();
    const open = () => openGlassboxDb({ name });
    const loaded = (await new WorkspaceStore({ open }).loadConversation()).value!;
    expect(await new WorkspaceStore({ open }).saveConversation({ log: loaded.log, permissionMode: loaded.permissionMode })).toEqual({ persisted: true });
    const again = (await new WorkspaceStore({ open }).loadConversation()).value!;
    expect(again.rewrite).toBe(false);
    expect(foldLog(again.log)).toEqual(foldLog(loaded.log));
    const db = await open();
    expect(await db.get('conversation', CURRENT_KEY)).not.toHaveProperty('messages');
    db.close();
  });

  it('refuses a saved transcript a provider would reject, and a record that is not one', () => {
    const messages = RECORD.messages.slice(0, 2); // a tool call without its result
    expect(legacyConversationLog({ ...RECORD, messages })).toBeUndefined();
    expect(legacyConversationLog({ messages: 'nope' })).toBeUndefined();
    expect(legacyConversationLog(null)).toBeUndefined();
  });

  it('keeps the transcript when the request log or the totals are malformed', () => {
    const converted = legacyConversationLog({ ...RECORD, requests: { version: 1, entries: 'x' }, usage: { inputTokens: -1 } })!;
    expect(transcriptOf(converted.log)).toEqual(RECORD.messages);
    const view = foldLog(converted.log);
    expect(view.requests).toEqual([]);
    expect(view.usage.inputTokens).toBe(0);
  });
});
