/**
 * Opening and making shared playgrounds in the app: the one entry point every source goes
 * through (`openSharedPlayground`: links, `?import=`, `?gist=`, dropped or picked files), the
 * session export, and what the Share dialog shares. Loaded on first use (it pulls in fflate).
 *
 * Until several workspaces exist, opening replaces the current workspace and conversation, so it
 * asks first when there is work here, offering to download that work. It always starts in the
 * default permission mode, and says in the chat what was loaded and from where.
 */
import { closingEvents, type LoggedEvent } from '../../agent/event-log';
import { encodeGlassboxFile, GLASSBOX_EXTENSION, GLASSBOX_MIME, type GlassboxKind } from '../../share/glassbox-file';
import { importFromGist, importFromUrl, readSharedBytes } from '../../share/remote';
import { decodePayload } from '../../share/share-link';
import { describeSource, type AddressRequest, type ShareSource } from '../../share/share-url';
import { describePlayground, ShareError, type SharedModel, type SharedPlayground } from '../../share/shared-playground';
import { downloadBytes } from '../files/download';
import { app } from '../state/app-store.svelte';
import { withNotice } from '../state/fold';
import { modelSettings } from '../settings/model-settings.svelte';
import { version as APP_VERSION } from '../../../package.json';
import { share } from './share.svelte';
import { rememberStartFiles, startFilesOf } from '../replay/start-files';
import type { Runtime } from '../state/runtime-types';
import type { Snapshot } from '../../sandbox/port';

export type ShareOrigin = ShareSource | { kind: 'file'; name: string } | { kind: 'lesson'; title: string };

function notice(text: string, level: 'error' | 'info'): void {
  app.view = withNotice(app.view, text, level);
}

function message(error: unknown): string {
  if (error instanceof ShareError) return error.message;
  return `Could not open the shared playground: ${error instanceof Error ? error.message : String(error)}`;
}

/** The session as it stands (a run still going is closed, as a reload would). */
function currentLog(): LoggedEvent[] {
  const log = app.session?.log ?? [];
  return [...log, ...closingEvents(log, Date.now())];
}

function modelWords(model: SharedModel): string {
  if (model.provider === 'human') return '"You are the model"';
  return model.provider === 'demo' ? 'the demo model' : `${model.model || 'the default model'} (${model.provider})`;
}

/**
 * Open a playground: ask before replacing work, replace, restore the log as the session's,
 * type the prompt into the input (never send it), and say what was loaded and from where.
 * Resolves true when it was opened.
 */
export async function openSharedPlayground(playground: SharedPlayground, origin: ShareOrigin): Promise<boolean> {
  const runtime = await app.start();
  const from = describeSource(origin);
  const what = describePlayground(playground);
  const snapshot = await runtime.sandbox.snapshot();
  const hasWork = Object.keys(snapshot.files).length > 0 || runtime.session.log.length > 0;
  let place = '';
  if (hasWork) {
    const answer = await share.ask({ what, from });
    if (answer === 'cancel') {
      notice(`Nothing was opened from ${from}: your work is as it was.`, 'info');
      return false;
    }
    if (answer === 'new-workspace') {
      // Lazy: the sessions model loads with the first use of workspaces.
      const { sessionsModel } = await import('../sessions/sessions.svelte');
      if (!(await sessionsModel.createWorkspace(workspaceName(origin)))) {
        notice(`Could not open ${from} in a new workspace: ${sessionsModel.status?.text ?? 'browser storage refused it'}. Your work is as it was.`, 'error');
        return false;
      }
      place = ` in a new workspace “${workspaceName(origin)}” (your work stays in its own, under Sessions)`;
    }
  }
  const failed = await app.replaceWith({ files: playground.files ?? {} }, playground.log ?? []);
  if (failed !== undefined) {
    notice(`Could not open ${from}: ${failed}`, 'error');
    return false;
  }
  const parts = [`Opened ${what} from ${from}${place}.`, 'Permission mode: default (the agent asks before it edits files or runs commands).'];
  if (playground.model) parts.push(`It was shared with ${modelWords(playground.model)}; your model settings are unchanged (choose it in Model settings to use it).`);
  if (playground.prompt !== undefined) parts.push('The task is typed into the chat input: press Enter to send it.');
  notice(parts.join(' '), 'info');
  if (playground.prompt !== undefined) app.draftPrompt = playground.prompt;
  // "Replay this run" starts from the files the shared run started from.
  if (playground.startFiles && app.session) rememberStartFiles(app.session.log, playground.startFiles);
  return true;
}

/** A new workspace's name: where the playground came from. */
function workspaceName(origin: ShareOrigin): string {
  if (origin.kind === 'lesson') return `Lesson: ${origin.title}`;
  return origin.kind === 'file' ? origin.name.replace(/\.glassbox$/i, '') || 'Imported playground' : 'Shared playground';
}

/** Read what the source holds (decoding, fetching); a ShareError says why not. */
async function readSource(source: ShareSource): Promise<SharedPlayground> {
  switch (source.kind) {
    case 'link':
      return decodePayload(source.payload);
    case 'import':
      return importFromUrl(source.url, (input, init) => fetch(input, init));
    case 'gist':
      return importFromGist(source.id, (input, init) => fetch(input, init));
  }
}

/** What the address asked for at boot: open a link, an import or a gist, and/or type a prompt in. */
export async function openFromAddress(request: AddressRequest): Promise<void> {
  const { source } = request;
  if (source) {
    share.busy = true;
    try {
      const playground = await readSource(source);
      // `?prompt=` wins over a shared prompt: the link's author chose both.
      await openSharedPlayground(request.prompt === undefined ? playground : { ...playground, prompt: request.prompt }, source);
      return;
    } catch (error) {
      await app.start().catch(() => undefined);
      notice(`${message(error)} Your work is as it was.`, 'error');
    } finally {
      share.busy = false;
    }
  }
  if (request.prompt !== undefined) app.draftPrompt = request.prompt;
}

/** A `.glassbox` file picked or dropped: read it whole, then open it. */
export async function importFile(file: File): Promise<void> {
  share.busy = true;
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const playground = readSharedBytes(bytes);
    await openSharedPlayground(playground, { kind: 'file', name: file.name });
  } catch (error) {
    notice(`${message(error)} Your work is as it was.`, 'error');
  } finally {
    share.busy = false;
  }
}

/** What the Share dialog can share, read from the app as it is now. */
export interface Shareable {
  files: Record<string, string | Uint8Array>;
  log: LoggedEvent[];
  model: SharedModel;
  /** The task: the first prompt of the session, if any. */
  prompt: string;
  /** The files the session started from, when known (its replay starts there). */
  startFiles?: Record<string, string | Uint8Array>;
}

/**
 * The files the session started from: remembered in this tab before its first run, or rebuilt
 * from its checkpoints (every change since its first prompt undone). Undefined when unknown.
 */
async function startFilesOfSession(runtime: Runtime, log: readonly LoggedEvent[], files: Snapshot['files']): Promise<Snapshot['files'] | undefined> {
  const remembered = startFilesOf(log);
  if (remembered) return remembered;
  if (!log.some((entry) => entry.event.type === 'user_message')) return undefined;
  try {
    const { applyChanges, changesBackTo } = await import('../../store/checkpoints');
    const changes = await runtime.persistence.withDb((db) => changesBackTo(db, runtime.persistence.target.sessionId, 0));
    return changes === undefined ? undefined : applyChanges({ files }, changes).files;
  } catch {
    return undefined;
  }
}

export async function currentShareable(): Promise<Shareable> {
  const runtime = await app.start();
  const { files } = await runtime.sandbox.snapshot();
  const log = currentLog();
  const first = log.find((entry) => entry.event.type === 'user_message');
  let prompt = '';
  if (first?.event.type === 'user_message') {
    const { content } = first.event.message;
    prompt = typeof content === 'string' ? content : content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('\n');
  }
  // Rebuilt field by field in ../../share: whatever the saved settings hold, no key leaves.
  const saved = modelSettings.saved;
  const model: SharedModel = saved ? { ...saved } : { provider: 'demo', model: '' };
  const startFiles = await startFilesOfSession(runtime, log, files);
  return { files, log, model, prompt, ...(startFiles ? { startFiles } : {}) };
}

/** Make a `.glassbox` file of a playground and hand it to the browser to save. */
export function downloadGlassbox(playground: SharedPlayground, kind: GlassboxKind, name = 'glassbox-session'): void {
  const bytes = encodeGlassboxFile(playground, { kind, appVersion: APP_VERSION });
  downloadBytes(`${name}${GLASSBOX_EXTENSION}`, bytes, GLASSBOX_MIME);
}

/** "Export session": the workspace files, the session's log, its task and the model choice, as one `.glassbox` file. */
export async function exportSession(): Promise<void> {
  try {
    const { files, log, model, prompt, startFiles } = await currentShareable();
    downloadGlassbox({ files, log, model, ...(prompt === '' ? {} : { prompt }), ...(startFiles ? { startFiles } : {}) }, 'session');
  } catch (error) {
    app.filesError = `Could not export the session: ${error instanceof Error ? error.message : String(error)}`;
  }
}
