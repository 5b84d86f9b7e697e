import { RULE_BEHAVIORS, RULE_SOURCES, emptyRuleLists, type RuleBehavior, type RuleLists, type RuleSource, type SourcedRule } from './permission-rule';

/** A workspace settings file that was read (or could not be). */
export interface RuleFile {
  path: string;
  lists: RuleLists;
  /** Why the file's rules are not in force (malformed JSON, wrong shape), in words; its rules are then kept out. */
  problem?: string;
}

/**
 * Every permission rule a session knows, by source: the workspace's settings files, the user's
 * settings in this browser, and this session. The decision reads `all()`; the Permissions view
 * lists them and adds or removes them; listeners hear every change (the app saves user rules).
 */
export class PermissionRuleBook {
  private files: RuleFile[] = [];
  private readonly lists: Record<Exclude<RuleSource, 'workspace'>, RuleLists> = { user: emptyRuleLists(), session: emptyRuleLists() };
  private readonly listeners = new Set<(source: RuleSource) => void>();

  /** Every rule in force, sources in order (workspace, user, session), each list in its written order. */
  all(): SourcedRule[] {
    const rules: SourcedRule[] = [];
    for (const file of this.files) {
      if (file.problem !== undefined) continue;
      for (const behavior of RULE_BEHAVIORS) for (const rule of file.lists[behavior]) rules.push({ rule, behavior, source: 'workspace', file: file.path });
    }
    for (const source of RULE_SOURCES) {
      if (source === 'workspace') continue;
      for (const behavior of RULE_BEHAVIORS) for (const rule of this.lists[source][behavior]) rules.push({ rule, behavior, source });
    }
    return rules;
  }

  /** The workspace settings files as last read, problems included. */
  get workspaceFiles(): readonly RuleFile[] {
    return this.files;
  }

  listsOf(source: Exclude<RuleSource, 'workspace'>): RuleLists {
    const lists = this.lists[source];
    return { allow: [...lists.allow], ask: [...lists.ask], deny: [...lists.deny] };
  }

  setWorkspaceFiles(files: readonly RuleFile[]): void {
    this.files = files.map((file) => ({ ...file, lists: copyLists(file.lists) }));
    this.changed('workspace');
  }

  setLists(source: Exclude<RuleSource, 'workspace'>, lists: RuleLists): void {
    this.lists[source] = copyLists(lists);
    this.changed(source);
  }

  /** Adds rules to one list of a source (once each); returns whether anything was added. */
  add(source: Exclude<RuleSource, 'workspace'>, behavior: RuleBehavior, rules: readonly string[]): boolean {
    const list = this.lists[source][behavior];
    const fresh = rules.map((rule) => rule.trim()).filter((rule, i, all) => rule !== '' && !list.includes(rule) && all.indexOf(rule) === i);
    if (fresh.length === 0) return false;
    list.push(...fresh);
    this.changed(source);
    return true;
  }

  remove(source: Exclude<RuleSource, 'workspace'>, behavior: RuleBehavior, rule: string): void {
    const list = this.lists[source][behavior];
    const index = list.indexOf(rule);
    if (index === -1) return;
    list.splice(index, 1);
    this.changed(source);
  }

  /** Hear every change; returns an unsubscribe function. */
  onChange(listener: (source: RuleSource) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private changed(source: RuleSource): void {
    for (const listener of this.listeners) listener(source);
  }
}

function copyLists(lists: RuleLists): RuleLists {
  return { allow: [...lists.allow], ask: [...lists.ask], deny: [...lists.deny] };
}
