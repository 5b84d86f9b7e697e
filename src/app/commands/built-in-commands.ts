/**
 * The built-in slash commands, in the order `/help` and completion list them. Adding a command is
 * adding one entry here (or, for a workspace's own commands, a file in `.glassbox/commands/`).
 */
import { hooksView } from '../hooks/hooks-view.svelte';
import { memoryView } from '../memory/memory.svelte';
import { permissions } from '../permissions/permissions.svelte';
import { replay } from '../replay/replay.svelte';
import { rewindView, sessionsView } from '../sessions/sessions-open.svelte';
import { share } from '../share/share.svelte';
import { cloneView } from '../git/clone-view.svelte';
import { modelSettings } from '../settings/model-settings.svelte';
import { app } from '../state/app-store.svelte';
import { commandViews } from './command-views.svelte';
import { openCompareLab } from '../lab/open-compare-lab';
import type { SlashCommand } from './slash-command';

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
    run: async (focus) => (await import('./compact-command')).compact(focus),
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
    // The prompt is long: it loads when used.
    run: async () => void app.send((await import('./init-prompt')).INIT_PROMPT),
  },
  {
    name: 'memory',
    description: 'Open the Memory panel: read, add, edit and delete what the agent remembers',
    source: 'built-in',
    whileRunning: true,
    run: () => memoryView.show(),
  },
  {
    name: 'resume',
    description: 'Open a saved session of this workspace (or switch workspace)',
    source: 'built-in',
    run: () => sessionsView.show(),
  },
  {
    name: 'rewind',
    description: 'Put the files and the conversation back to before one of your messages',
    source: 'built-in',
    run: () => rewindView.show(),
  },
  {
    name: 'share',
    description: 'Share this playground by link or as a .glassbox file',
    source: 'built-in',
    whileRunning: true,
    run: () => share.show(),
  },
  {
    name: 'clone',
    description: 'Clone a git repository into the workspace (a branch, tag or commit optional)',
    argumentHint: '<url> [ref]',
    source: 'built-in',
    run: (args) => {
      const [url = '', ref = ''] = args.trim().split(/\s+/);
      cloneView.show({ url, ref, start: url !== '' });
    },
  },
  {
    name: 'replay',
    description: "Replay this conversation's recorded run, with no key",
    source: 'built-in',
    run: () => replay.replayCurrent(),
  },
  {
    name: 'hooks',
    description: 'List the configured hooks and their last runs',
    source: 'built-in',
    whileRunning: true,
    run: () => hooksView.show(),
  },
  {
    name: 'compare',
    description: 'Run one task under two harness settings side by side (Compare lab)',
    source: 'built-in',
    whileRunning: true,
    run: () => openCompareLab(),
  },
  {
    name: 'permissions',
    description: 'View and edit the allow, ask and deny rules',
    source: 'built-in',
    whileRunning: true,
    run: () => permissions.show(),
  },
];
