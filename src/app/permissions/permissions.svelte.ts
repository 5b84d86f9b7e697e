/**
 * The Permissions view's state: whether it is open, and a snapshot of the session's rules that is
 * taken again on every change (a rule added from the view, "Always allow" in a prompt, a reload of
 * the workspace's settings files). Rules live in the session's rule book; this only shows and edits them.
 */
import type { PermissionRuleBook } from '../../agent/permission-rule-book';
import { ruleProblem, type RuleBehavior, type RuleSource } from '../../agent/permission-rule';
import type { SessionApi } from '../../agent/session-contract';
import { EMPTY_RULES_VIEW, type PermissionRulesView } from './permissions-view';

/** The sources a user edits here; workspace rules are edited in their settings file. */
export type EditableSource = Exclude<RuleSource, 'workspace'>;

class PermissionsState {
  open = $state(false);
  view: PermissionRulesView = $state.raw(EMPTY_RULES_VIEW);
  #book: PermissionRuleBook | null = null;
  #session: SessionApi | null = null;
  #unsubscribe: (() => void) | null = null;

  /** Follow a (new) session's rules. */
  attach(session: SessionApi): void {
    this.#unsubscribe?.();
    this.#session = session;
    this.#book = session.permissionRules;
    this.#unsubscribe = this.#book.onChange(() => this.#refresh());
    this.#refresh();
  }

  show(): void {
    this.open = true;
    // The settings files may have been edited since the last run: read them again.
    void this.#session?.reloadWorkspaceRules().catch(() => undefined);
  }

  hide(): void {
    this.open = false;
  }

  /** Adds a rule; returns why it cannot be added, in words, or undefined. */
  add(source: EditableSource, behavior: RuleBehavior, rule: string): string | undefined {
    const problem = ruleProblem(rule);
    if (problem !== undefined) return problem;
    if (!this.#book) return 'The agent is still starting; try again in a moment.';
    if (!this.#book.add(source, behavior, [rule.trim()])) return `${rule.trim()} is already in that list.`;
    return undefined;
  }

  remove(source: EditableSource, behavior: RuleBehavior, rule: string): void {
    this.#book?.remove(source, behavior, rule);
  }

  #refresh(): void {
    const book = this.#book;
    this.view = book ? { files: book.workspaceFiles, user: book.listsOf('user'), session: book.listsOf('session') } : EMPTY_RULES_VIEW;
  }
}

export const permissions = new PermissionsState();
