/**
 * The built-in slash commands, in the order `/help` and completion list them. Adding a command is
 * adding one entry here (or, for a workspace's own commands, a file in `.glassbox/commands/`).
 */
import type { SessionApi } from '../../agent/session-contract';
import { permissions } from '../permissions/permissions.svelte';
import { modelSettings } from '../settings/model-settings.svelte';
import { app } from '../state/app-store.svelte';
import { chatNote } from './chat-note';
import { commandViews } from './command-views.svelte';
import { INIT_PROMPT } from './init-prompt';
import type { SlashCommand } from './slash-command';

/** A session that can compact its conversation on demand (the compaction work adds `compact`). */
interface CompactingSession {
  compact(focus?: string): Promise<unknown>;
}

function canCompact(session: SessionApi): session is SessionApi & CompactingSession {
  return 'compact' in session && typeof session.compact === 'function';
}

async function compact(focus: string): Promise<void> {
  const session = app.session;
  if (!session) {
    chatNote('The agent is still starting; try /compact again in a moment.');
    return;
  }
  if (!canCompact(session)) {
    chatNote('/compact is not available yet: this version of Glassbox cannot compact a conversation. Use /clear to start a new one.', 'error');
    return;
  }
  if (session.messages.length === 0) {
    chatNote('Nothing to compact yet: the conversation is empty.');
    return;
  }
  try {
    await session.compact(focus === '' ? undefined : focus);
  } catch (error) {
    chatNote(`Could not compact the conversation: ${error instanceof Error ? error.message : String(error)}`, 'error');
  }
}

export const BUILT_IN_COMMANDS: readonly SlashCommand[] = [
  {
    name: 'help',
    description: 'List every command, built-in and custom',
    source: 'built-in',
    whileRunning: true,
    run: () => commandViews.show('help'),
  },
  {
    name: 'clear',
    description: 'Start a new conversation (the files stay)',
    source: 'built-in',
    run: () => app.newChat(),
  },
  {
    name: 'compact',
    description: 'Summarize the conversation so far to free context (optionally say what to keep)',
    argumentHint: '[focus]',
    source: 'built-in',
    run: (focus) => compact(focus),
  },
  {
    name: 'context',
    description: 'Show what fills the context window, part by part',
    source: 'built-in',
    whileRunning: true,
    run: () => commandViews.show('context'),
  },
  {
    name: 'cost',
    description: 'Show the tokens and cost of this session, and what caching saved',
    source: 'built-in',
    whileRunning: true,
    run: () => commandViews.show('cost'),
  },
  {
    name: 'model',
    description: 'Choose the provider and model (Model settings)',
    source: 'built-in',
    whileRunning: true,
    run: () => modelSettings.show(),
  },
  {
    name: 'init',
    description: 'Have the agent write an AGENTS.md that explains this workspace',
    source: 'built-in',
    run: () => void app.send(INIT_PROMPT),
  },
  {
    name: 'permissions',
    description: 'View and edit the allow, ask and deny rules',
    source: 'built-in',
    whileRunning: true,
    run: () => permissions.show(),
  },
];
