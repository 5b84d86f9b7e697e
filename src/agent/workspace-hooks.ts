import type { Sandbox } from '../sandbox/port';
import { isNotFound } from '../tools/fs-errors';
import { parseSettingsHooks, type HookFile } from './hook-config';
import { WORKSPACE_SETTINGS_FILES } from './workspace-settings';

/** The hooks of every workspace settings file that exists (the files the permission rules come from). */
export async function loadWorkspaceHookFiles(sandbox: Sandbox): Promise<HookFile[]> {
  const root = sandbox.root.replace(/\/+$/, '');
  const files: HookFile[] = [];
  for (const path of WORKSPACE_SETTINGS_FILES) {
    let text: string;
    try {
      text = await sandbox.fs.readText(`${root}/${path}`);
    } catch (error) {
      if (isNotFound(error)) continue;
      files.push({ path, hooks: [], problems: [`could not be read: ${error instanceof Error ? error.message : String(error)}`] });
      continue;
    }
    files.push(parseSettingsHooks(text, path));
  }
  return files;
}
