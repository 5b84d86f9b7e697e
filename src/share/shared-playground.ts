/**
 * What a share link or a `.glassbox` file carries: workspace files, a task prompt, the model
 * choice (never a key) and a recorded session (its event log). Everything read back from a link
 * or a file is untrusted: it is checked here as a whole, every problem is listed, and nothing is
 * loaded unless all of it holds. No DOM.
 */
import { z } from 'zod';
import type { LoggedEvent } from '../agent/event-log';
import { closingEvents } from '../agent/event-log';
import { providerInfo } from '../models/providers';
import type { Snapshot } from '../sandbox/port';
import { LogPacker, LogReader, type PackedChunk } from '../store/event-log-codec';
import { fromBase64, toBase64 } from './bytes';

/** The model choice a playground was shared with: provider, model and request limits. Never a key or a base URL's secrets. */
export interface SharedModel {
  /** A provider id (src/models/providers.ts), 'demo' for the scripted model or 'human' for "You are the model". */
  provider: string;
  model: string;
  baseUrl?: string;
  maxTokens?: number;
  thinking?: boolean;
  thinkingBudget?: number;
}

export interface SharedPlayground {
  /** Workspace files, by path relative to the workspace root. */
  files?: Snapshot['files'];
  /** The task, typed into the chat input and left waiting (never sent by itself). */
  prompt?: string;
  model?: SharedModel;
  /** The recorded session: restored as the session's log. */
  log?: LoggedEvent[];
  /** The files the recorded session started from: a replay starts there (absent: on the files as they are). */
  startFiles?: Snapshot['files'];
}

/** Files in JSON: text as text, anything else as `{ base64 }`. */
export type JsonFile = string | { base64: string };

export function filesToJson(files: Snapshot['files']): Record<string, JsonFile> {
  const json: Record<string, JsonFile> = {};
  for (const path of Object.keys(files).sort()) {
    const contents = files[path];
    if (contents !== undefined) json[path] = typeof contents === 'string' ? contents : { base64: toBase64(contents) };
  }
  return json;
}

/** Files back from JSON, with every problem of the list (its shape, each file, the paths and sizes) added to `problems`. */
export function filesFromJson(value: unknown, limits: ShareLimits, problems: string[], what = 'file list'): Snapshot['files'] | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`its ${what} is not a list of files`);
    return undefined;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > limits.maxFiles) {
    problems.push(`too many files${what === 'file list' ? '' : ` in its ${what}`} (${entries.length}; at most ${limits.maxFiles})`);
    return undefined;
  }
  const files: Snapshot['files'] = {};
  for (const [path, contents] of entries) {
    if (typeof contents === 'string') files[path] = contents;
    else if (typeof contents === 'object' && contents !== null && typeof (contents as { base64?: unknown }).base64 === 'string') {
      try {
        files[path] = fromBase64((contents as { base64: string }).base64);
      } catch {
        problems.push(`${JSON.stringify(path.slice(0, 80))} is not valid base64`);
      }
    } else problems.push(`${JSON.stringify(path.slice(0, 80))} has no contents`);
  }
  problems.push(...filesProblems(files, limits));
  return files;
}

/** Caps on what a link or a file may hold once inflated: a decompression bomb or a huge list is refused. */
export interface ShareLimits {
  maxFiles: number;
  /** Every file together, inflated. */
  maxTotalBytes: number;
  maxPathLength: number;
  maxPromptChars: number;
  /** Events in a recorded session. */
  maxEvents: number;
}

export const SHARE_LIMITS: ShareLimits = {
  maxFiles: 5000,
  maxTotalBytes: 64 * 1024 * 1024,
  maxPathLength: 1024,
  maxPromptChars: 100_000,
  maxEvents: 200_000,
};

/** Why a link or a file was refused: every problem found, in words for the user. Nothing was loaded. */
export class ShareError extends Error {
  constructor(
    readonly summary: string,
    readonly problems: readonly string[] = [],
  ) {
    super(problems.length === 0 ? summary : `${summary}: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}.`);
    this.name = 'ShareError';
  }
}

/** A short, quoted form of untrusted text for messages (control characters shown as escapes). */
export function quoted(text: string, max = 80): string {
  const short = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(short);
}

/**
 * Problems with a set of workspace paths: absolute or escaping (`..`) paths, empty or `.`
 * segments, backslashes and control characters, over-long paths, a path that is both a file and
 * a folder, and too many files. An empty list means every path is safe to write under the root.
 */
export function pathProblems(paths: readonly string[], limits: ShareLimits = SHARE_LIMITS): string[] {
  const problems: string[] = [];
  if (paths.length > limits.maxFiles) problems.push(`too many files (${paths.length}; at most ${limits.maxFiles})`);
  const seen = new Set<string>();
  for (const path of paths.slice(0, limits.maxFiles)) {
    const segments = path.split('/');
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f\\]/.test(path)) problems.push(`${quoted(path)} has a backslash or a control character in its name`);
    else if (path.startsWith('/')) problems.push(`${quoted(path)} is an absolute path`);
    else if (segments.includes('..')) problems.push(`${quoted(path)} leads outside the workspace`);
    else if (segments.some((segment) => segment === '' || segment === '.')) problems.push(`${quoted(path)} is not a plain relative path`);
    else if (path.length > limits.maxPathLength) problems.push(`${quoted(path)} is longer than ${limits.maxPathLength} characters`);
    else if (seen.has(path)) problems.push(`${quoted(path)} appears twice`);
    seen.add(path);
  }
  // A file cannot also be a folder holding other files.
  for (const path of seen) {
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const folder = segments.slice(0, i).join('/');
      if (seen.has(folder)) {
        problems.push(`${quoted(folder)} is both a file and the folder of ${quoted(path)}`);
        break;
      }
    }
  }
  return problems;
}

export function byteLength(contents: string | Uint8Array): number {
  return typeof contents === 'string' ? new TextEncoder().encode(contents).byteLength : contents.byteLength;
}

/** Problems with the files as a whole: their paths and their total size. */
export function filesProblems(files: Snapshot['files'], limits: ShareLimits = SHARE_LIMITS): string[] {
  const problems = pathProblems(Object.keys(files), limits);
  let total = 0;
  for (const contents of Object.values(files)) total += byteLength(contents);
  if (total > limits.maxTotalBytes) problems.push(`the files take ${formatBytes(total)} (at most ${formatBytes(limits.maxTotalBytes)})`);
  return problems;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const positiveInt = z.number().int().positive();

/** The model choice as it may appear in a link: known fields only, a known provider. */
export const sharedModelSchema = z
  .object({
    provider: z.string().refine((value) => value === 'demo' || value === 'human' || providerInfo(value) !== undefined, 'unknown provider'),
    model: z.string().max(200),
    baseUrl: z.string().url().max(500).optional(),
    maxTokens: positiveInt.optional(),
    thinking: z.boolean().optional(),
    thinkingBudget: positiveInt.optional(),
  })
  .strip();

/** The model fields that may leave this browser: rebuilt field by field, so a key can never ride along. */
export function shareableModel(value: SharedModel): SharedModel {
  const { provider, model, baseUrl, maxTokens, thinking, thinkingBudget } = value;
  return {
    provider,
    model,
    ...(baseUrl === undefined || baseUrl === '' ? {} : { baseUrl: withoutCredentials(baseUrl) }),
    ...(maxTokens === undefined ? {} : { maxTokens }),
    ...(thinking === undefined ? {} : { thinking }),
    ...(thinkingBudget === undefined ? {} : { thinkingBudget }),
  };
}

/** A URL without user:password and query string (where some hosts put a key). */
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return '';
  }
}

export function readModel(value: unknown): { model?: SharedModel; problem?: string } {
  if (value === undefined) return {};
  const parsed = sharedModelSchema.safeParse(value);
  if (!parsed.success) return { problem: `the model settings do not read (${parsed.error.issues[0]?.message ?? 'invalid'})` };
  return { model: shareableModel(parsed.data) };
}

export function readPrompt(value: unknown, limits: ShareLimits = SHARE_LIMITS): { prompt?: string; problem?: string } {
  if (value === undefined) return {};
  if (typeof value !== 'string') return { problem: 'the task prompt is not text' };
  if (value.length > limits.maxPromptChars) return { problem: `the task prompt is longer than ${limits.maxPromptChars} characters` };
  return { prompt: value };
}

/** The log in its stored form (pools plus events), closed if a run was still going when it was shared. */
export function packLog(log: readonly LoggedEvent[]): PackedChunk {
  const closed = [...log, ...closingEvents(log, log.at(-1)?.at ?? 0)];
  return new LogPacker().pack(closed);
}

/** A stored-form log read back event by event; one event that does not read refuses the whole log. */
export function readLog(value: unknown, limits: ShareLimits = SHARE_LIMITS): { log?: LoggedEvent[]; problem?: string } {
  if (value === undefined) return {};
  const events = (value as { events?: unknown } | null)?.events;
  if (Array.isArray(events) && events.length > limits.maxEvents) return { problem: `the recorded session has too many events (${events.length}; at most ${limits.maxEvents})` };
  const reader = new LogReader();
  reader.read(value);
  const { log, dropped } = reader.finish();
  if (dropped.chunks > 0) return { problem: 'the recorded session does not read as an event log' };
  if (dropped.count > 0) return { problem: `${dropped.count === 1 ? '1 event' : `${dropped.count} events`} of the recorded session could not be read` };
  return { log };
}

/** What a playground holds, in a few words ("3 files (2.1 kB), the task prompt and a recorded session of 40 events"). */
export function describePlayground(playground: SharedPlayground): string {
  const parts: string[] = [];
  if (playground.files) {
    const count = Object.keys(playground.files).length;
    let total = 0;
    for (const contents of Object.values(playground.files)) total += byteLength(contents);
    parts.push(`${count === 1 ? '1 file' : `${count} files`} (${formatBytes(total)})`);
  }
  if (playground.prompt !== undefined) parts.push('the task prompt');
  if (playground.model) parts.push(`the model choice (${playground.model.provider === 'demo' ? 'demo model' : playground.model.provider === 'human' ? 'you as the model' : playground.model.model})`);
  if (playground.log) parts.push(`a recorded session of ${playground.log.length} events`);
  if (parts.length === 0) return 'nothing';
  return parts.length === 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
}
