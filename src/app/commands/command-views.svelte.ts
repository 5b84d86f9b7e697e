/**
 * Which command view is open: `/help`, `/context`, `/cost`. Each is a dialog loaded on first use
 * (./CommandDialogs.svelte); a command opens it with `commandViews.show('context')`.
 */
export type CommandView = 'help' | 'context' | 'cost';

class CommandViews {
  open = $state<CommandView | null>(null);

  show(view: CommandView): void {
    this.open = view;
  }

  hide(): void {
    this.open = null;
  }
}

export const commandViews = new CommandViews();
