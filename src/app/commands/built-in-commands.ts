/**
 * The built-in slash commands, in the order `/help` and completion list them. Adding a command is
 * adding one entry here (or, for a workspace's own commands, a file in `.glassbox/commands/`).
 */
import { permissions } from '../permissions/permissions.svelte';
import type { SlashCommand } from './slash-command';

export const BUILT_IN_COMMANDS: readonly SlashCommand[] = [
  {
    name: 'permissions',
    description: 'View and edit the allow, ask and deny rules',
    source: 'built-in',
    run: () => permissions.show(),
  },
];
