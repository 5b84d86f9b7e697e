/**
 * Every slash command the chat input knows: the built-ins (./built-in-commands.ts, loaded once the
 * page is up: the first paint does not carry them), then the workspace's custom commands
 * (./custom-commands.ts, loaded with the YAML parser on first use). The custom ones are read again
 * when a file under a command folder changes, and before completion shows.
 */
import type { Sandbox } from '../../sandbox/port';
import { app } from '../state/app-store.svelte';
import { chatNote } from './chat-note';
import { expandArguments } from './command-arguments';
import type { CustomCommandFile } from './custom-commands';
import type { SlashCommand } from './slash-command';

const COMMAND_PATH = /(^|\/)\.(glassbox|claude)\/commands(\/|$)/;

class SlashCommands {
  /** The workspace's own commands, as commands. */
  custom: readonly SlashCommand[] = $state.raw([]);
  /** Command files that cannot be used, each with why (shown by /help and when the command is run). */
  problems: readonly string[] = $state.raw([]);
  /** The built-in commands, once loaded. */
  builtIn: readonly SlashCommand[] = $state.raw([]);
  readonly all: readonly SlashCommand[] = $derived([...this.builtIn, ...this.custom]);

  #sandbox: Sandbox | null = null;
  #stale = true;
  #loading: Promise<void> | null = null;
  #builtInLoading: Promise<void> | null = null;

  /** Load the built-in commands (once). */
  loadBuiltIns(): Promise<void> {
    this.#builtInLoading ??= import('./built-in-commands').then(({ BUILT_IN_COMMANDS }) => {
      this.builtIn = BUILT_IN_COMMANDS;
    });
    return this.#builtInLoading;
  }

  /** Follow a sandbox's command folders; returns a function that stops following. */
  attach(sandbox: Sandbox): () => void {
    this.#sandbox = sandbox;
    this.#stale = true;
    void this.refresh();
    const unwatch = sandbox.fs.watch?.((change) => {
      if (!COMMAND_PATH.test(change.path)) return;
      this.#stale = true;
      void this.refresh();
    });
    return () => {
      unwatch?.();
      if (this.#sandbox === sandbox) this.#sandbox = null;
    };
  }

  /** Read the command files again when something may have changed (a sandbox without a watcher: always). */
  async refresh(): Promise<void> {
    await this.loadBuiltIns();
    const sandbox = this.#sandbox;
    if (!sandbox) return;
    if (!this.#stale && sandbox.fs.watch) return this.#loading ?? undefined;
    this.#stale = false;
    const loading = import('./custom-commands')
      .then(({ loadCustomCommands }) => loadCustomCommands(sandbox.fs, sandbox.root))
      .then((files) => {
        if (this.#sandbox !== sandbox) return;
        this.#adopt(files);
      })
      .catch((error: unknown) => {
        this.#stale = true;
        this.problems = [`Could not read the custom commands: ${error instanceof Error ? error.message : String(error)}`];
      });
    this.#loading = loading;
    return loading;
  }

  #adopt(files: readonly CustomCommandFile[]): void {
    const builtIn = new Set(this.builtIn.map((command) => command.name));
    const problems: string[] = [];
    const custom: SlashCommand[] = [];
    for (const file of files) {
      if (builtIn.has(file.name)) {
        problems.push(`${file.path}: /${file.name} is a built-in command, so this file is not used. Rename it.`);
        continue;
      }
      if (file.problem !== undefined) problems.push(file.problem);
      custom.push(customCommand(file));
    }
    this.custom = custom;
    this.problems = problems;
  }
}

function customCommand(file: CustomCommandFile): SlashCommand {
  return {
    name: file.name,
    description: file.description,
    ...(file.argumentHint === undefined ? {} : { argumentHint: file.argumentHint }),
    source: 'workspace',
    run: (args) => {
      if (file.problem !== undefined) {
        chatNote(`/${file.name} cannot run: ${file.problem}`, 'error');
        return;
      }
      void app.send(expandArguments(file.body, args));
    },
  };
}

export const slashCommands = new SlashCommands();
