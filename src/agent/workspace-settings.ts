/**
 * The workspace's permission rules, read from the same `settings.json` files Claude Code reads, so
 * a team's existing rules work unchanged: `.glassbox/settings.json` first, then
 * `.claude/settings.json` and `.claude/settings.local.json`. Their lists merge. A file that is not
 * valid JSON, or whose `permissions` has the wrong shape, is reported with its problem (and shown
 * in the Permissions view) instead of being skipped in silence.
 */
import type { Sandbox } from '../sandbox/port';
import { isNotFound } from '../tools/fs-errors';
import { emptyRuleLists, RULE_BEHAVIORS, type RuleLists } from './permission-rule';
import type { RuleFile } from './permission-rule-book';

/** Where rules are read from, relative to the workspace root, in order. */
export const WORKSPACE_SETTINGS_FILES = ['.glassbox/settings.json', '.claude/settings.json', '.claude/settings.local.json'] as const;

/** Reads every settings file that exists; missing files are left out. */
export async function loadWorkspaceRuleFiles(sandbox: Sandbox): Promise<RuleFile[]> {
  const root = sandbox.root.replace(/\/+$/, '');
  const files: RuleFile[] = [];
  for (const path of WORKSPACE_SETTINGS_FILES) {
    let text: string;
    try {
      text = await sandbox.fs.readText(`${root}/${path}`);
    } catch (error) {
      if (isNotFound(error)) continue;
      files.push({ path, lists: emptyRuleLists(), problem: `could not be read: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    files.push({ path, ...parseSettingsRules(text) });
  }
  return files;
}

/** The `permissions` lists of a settings.json text, or the problem that keeps them out. */
export function parseSettingsRules(text: string): { lists: RuleLists; problem?: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { lists: emptyRuleLists(), problem: `is not valid JSON (${error instanceof Error ? error.message : String(error)}); none of its rules are in force until it is fixed` };
  }
  if (!isRecord(json)) return { lists: emptyRuleLists(), problem: 'is not a JSON object; none of its rules are in force until it is fixed' };
  const permissions = json.permissions;
  if (permissions === undefined) return { lists: emptyRuleLists() };
  if (!isRecord(permissions)) return { lists: emptyRuleLists(), problem: '"permissions" is not an object; none of its rules are in force until it is fixed' };
  const lists = emptyRuleLists();
  for (const behavior of RULE_BEHAVIORS) {
    const list = permissions[behavior];
    if (list === undefined) continue;
    if (!Array.isArray(list) || !list.every((rule) => typeof rule === 'string')) {
      return { lists: emptyRuleLists(), problem: `"permissions.${behavior}" is not a list of strings; none of its rules are in force until it is fixed` };
    }
    lists[behavior] = list.map((rule) => rule.trim()).filter((rule) => rule !== '');
  }
  return { lists };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
