/**
 * The `.glassbox` file: a session or a whole workspace as one zip (fflate), opened by
 * drag-and-drop, the Files panel's "Import…", or `?import=<url>`.
 *
 *   manifest.json       what this is: format, version, kind, created, app version, contents
 *   files/<path>        the workspace files, byte for byte
 *   session/prompt.txt  the task prompt (optional)
 *   session/model.json  the model choice, never a key (optional)
 *   session/log.json    the session's event log in its stored form (optional; kind "session")
 *   session/start-files.json  the files that session started from, for its replay (optional)
 *   lesson/lesson.json  a lesson's manifest, lesson/content.md its text, lesson/run.json its
 *                       scripted run (kind "lesson" only: read and checked by src/lessons/lesson-file.ts)
 *
 * Reading checks everything before anything is loaded: the manifest (a newer version is refused
 * with words), every entry name (paths that escape or collide), the number of entries, the
 * inflated size (counted while inflating, so a decompression bomb stops at the cap), and the log
 * event by event. Any problem refuses the whole file and lists what was wrong. No DOM.
 */
import { strToU8, Unzip, UnzipInflate, zipSync, type Zippable } from 'fflate';
import { z } from 'zod';
import type { Snapshot } from '../sandbox/port';
import { utf8OrUndefined } from './bytes';
import {
  byteLength,
  filesFromJson,
  filesProblems,
  filesToJson,
  packLog,
  quoted,
  readLog,
  readModel,
  readPrompt,
  shareableModel,
  ShareError,
  SHARE_LIMITS,
  type SharedPlayground,
  type ShareLimits,
} from './shared-playground';

export const GLASSBOX_FORMAT = 'glassbox';
export const GLASSBOX_VERSION = 1;
export const GLASSBOX_EXTENSION = '.glassbox';
export const GLASSBOX_MIME = 'application/vnd.glassbox+zip';

export type GlassboxKind = 'session' | 'workspace' | 'lesson';

export interface GlassboxManifest {
  format: typeof GLASSBOX_FORMAT;
  version: number;
  kind: GlassboxKind;
  /** ISO date the file was made. */
  created: string;
  /** The Glassbox version that made it. */
  appVersion: string;
  /** What is inside, for a reader to check and show before loading. */
  contents: { files: number; bytes: number; prompt: boolean; model: boolean; events: number };
  /** Kind "lesson" only: the lesson's folder name (`01-the-loop`), which gives its order and slug. */
  lesson?: { folder: string };
}

const MANIFEST = 'manifest.json';
const FILES = 'files/';
const PROMPT = 'session/prompt.txt';
const MODEL = 'session/model.json';
const LOG = 'session/log.json';
const START = 'session/start-files.json';
/** A lesson's own entries (kind "lesson"): `lesson/lesson.json`, `lesson/content.md`, `lesson/run.json`. */
export const LESSON_ENTRIES = ['lesson.json', 'content.md', 'run.json'] as const;
export type LessonEntryName = (typeof LESSON_ENTRIES)[number];
const LESSON = 'lesson/';
/** The entries besides the files a reader knows. */
const KNOWN = new Set([MANIFEST, PROMPT, MODEL, LOG, START, ...LESSON_ENTRIES.map((name) => `${LESSON}${name}`)]);

export interface GlassboxOptions {
  kind: GlassboxKind;
  appVersion: string;
  now?: Date;
  /** Kind "lesson": its folder name and its own entries, as text. */
  lesson?: { folder: string; entries: Record<LessonEntryName, string> };
}

function json(value: unknown): Uint8Array {
  return strToU8(`${JSON.stringify(value)}\n`);
}

/** The `.glassbox` file for a playground. Keys are never in it: it is built from files, prompt, model fields and the log only. */
export function encodeGlassboxFile(playground: SharedPlayground, options: GlassboxOptions): Uint8Array {
  const files = playground.files ?? {};
  const entries: Zippable = {};
  let bytes = 0;
  for (const path of Object.keys(files).sort()) {
    const contents = files[path];
    if (contents === undefined) continue;
    const data = typeof contents === 'string' ? strToU8(contents) : contents;
    bytes += data.byteLength;
    entries[`${FILES}${path}`] = data;
  }
  if (playground.prompt !== undefined) entries[PROMPT] = strToU8(playground.prompt);
  if (playground.model) entries[MODEL] = json(shareableModel(playground.model));
  if (playground.log) entries[LOG] = json(packLog(playground.log));
  if (playground.log && playground.startFiles) entries[START] = json(filesToJson(playground.startFiles));
  if (options.lesson) for (const name of LESSON_ENTRIES) entries[`${LESSON}${name}`] = strToU8(options.lesson.entries[name]);
  const manifest: GlassboxManifest = {
    format: GLASSBOX_FORMAT,
    version: GLASSBOX_VERSION,
    kind: options.kind,
    created: (options.now ?? new Date()).toISOString(),
    appVersion: options.appVersion,
    contents: { files: Object.keys(files).length, bytes, prompt: playground.prompt !== undefined, model: playground.model !== undefined, events: playground.log?.length ?? 0 },
    ...(options.lesson ? { lesson: { folder: options.lesson.folder } } : {}),
  };
  // The manifest first, so a reader (or a person with unzip -l) sees what this is at once.
  return zipSync({ [MANIFEST]: json(manifest), ...entries }, { level: 6, mtime: options.now ?? new Date() });
}

/** A plain zip of the workspace files ("Download workspace"): paths at the top, nothing else. */
export function workspaceZip(snapshot: Snapshot, now: Date = new Date()): Uint8Array {
  const entries: Zippable = {};
  for (const path of Object.keys(snapshot.files).sort()) {
    const contents = snapshot.files[path];
    if (contents !== undefined) entries[path] = typeof contents === 'string' ? strToU8(contents) : contents;
  }
  return zipSync(entries, { level: 6, mtime: now });
}

const manifestSchema = z.object({
  format: z.literal(GLASSBOX_FORMAT),
  version: z.number().int().positive(),
  kind: z.enum(['session', 'workspace', 'lesson']),
  created: z.string(),
  appVersion: z.string(),
  contents: z.object({ files: z.number().int().nonnegative(), bytes: z.number().int().nonnegative(), prompt: z.boolean(), model: z.boolean(), events: z.number().int().nonnegative() }),
  lesson: z.object({ folder: z.string().max(200) }).optional(),
});

/** Input fed to the unzipper at a time: the inflated size is checked after each step. */
const STEP = 16 * 1024;

const NOT_GLASSBOX = 'This is not a .glassbox file';

/** The entries of a zip, inflated, with the caps kept while inflating. Throws a ShareError. */
function unzipCapped(data: Uint8Array, limits: ShareLimits): Map<string, Uint8Array> {
  if (data.length < 4 || data[0] !== 0x50 || data[1] !== 0x4b) throw new ShareError(NOT_GLASSBOX, ['it is not a zip archive']);
  const entries = new Map<string, Uint8Array>();
  const problems: string[] = [];
  const open = new Set<string>();
  const maxEntries = limits.maxFiles + KNOWN.size;
  // The manifest, prompt and model are small; the files share the total cap.
  const cap = limits.maxTotalBytes + 16 * 1024 * 1024;
  let count = 0;
  let total = 0;
  let stop: string | undefined;
  const unzipper = new Unzip();
  unzipper.register(UnzipInflate);
  unzipper.onfile = (file) => {
    const name = file.name;
    if (stop) return;
    count += 1;
    if (count > maxEntries) {
      stop = `it holds more than ${maxEntries} entries (at most ${limits.maxFiles} files)`;
      return;
    }
    if (name.endsWith('/')) return; // a folder entry: folders follow from file paths
    if (entries.has(name) || open.has(name)) {
      problems.push(`${quoted(name)} appears twice`);
      return;
    }
    const parts: Uint8Array[] = [];
    let size = 0;
    open.add(name);
    file.ondata = (error, chunk, final) => {
      if (error) {
        problems.push(`${quoted(name)} does not unpack (the file is damaged or cut off)`);
        open.delete(name);
        return;
      }
      size += chunk.length;
      total += chunk.length;
      if (total > cap) {
        stop = `it unpacks to more than ${Math.round(cap / (1024 * 1024))} MB (a decompression bomb, or too big to import)`;
        file.terminate();
        return;
      }
      parts.push(chunk);
      if (final) {
        const bytes = new Uint8Array(size);
        let at = 0;
        for (const part of parts) {
          bytes.set(part, at);
          at += part.length;
        }
        entries.set(name, bytes);
        open.delete(name);
      }
    };
    try {
      file.start();
    } catch {
      problems.push(`${quoted(name)} uses a compression this reader does not know`);
      open.delete(name);
    }
  };
  try {
    for (let at = 0; at < data.length; at += STEP) {
      unzipper.push(data.subarray(at, at + STEP), at + STEP >= data.length);
      if (stop) break;
    }
  } catch {
    throw new ShareError(NOT_GLASSBOX, ['the archive is damaged or cut off']);
  }
  if (stop) throw new ShareError('This .glassbox file was refused, nothing was imported', [stop]);
  for (const name of open) problems.push(`${quoted(name)} is cut off`);
  if (problems.length > 0) throw new ShareError('This .glassbox file was refused, nothing was imported', problems);
  return entries;
}

export interface ReadGlassbox {
  manifest: GlassboxManifest;
  playground: SharedPlayground;
  /** Kind "lesson": its own entries as found (a missing one is absent; src/lessons/lesson-file.ts checks them). */
  lesson?: Partial<Record<LessonEntryName, Uint8Array>>;
}

const REFUSED = 'This .glassbox file was refused, nothing was imported';

/** Reads a `.glassbox` file, or throws a ShareError listing every problem. Nothing partial is returned. */
export function decodeGlassboxFile(data: Uint8Array, limits: ShareLimits = SHARE_LIMITS): ReadGlassbox {
  const { read, problems } = readGlassboxFile(data, limits);
  if (problems.length > 0) throw new ShareError(REFUSED, problems);
  return read;
}

/**
 * Reads a `.glassbox` file and lists the problems of its contents instead of throwing on them, so
 * a reader that checks more (a lesson) can list its own with them. A file that is not a
 * `.glassbox` file at all (no zip, no manifest, a newer format, a bomb) still throws a ShareError.
 */
export function readGlassboxFile(data: Uint8Array, limits: ShareLimits = SHARE_LIMITS): { read: ReadGlassbox; problems: string[] } {
  const entries = unzipCapped(data, limits);
  const manifestBytes = entries.get(MANIFEST);
  if (!manifestBytes) throw new ShareError(NOT_GLASSBOX, ['it has no manifest.json (a plain zip of files can be uploaded in the Files panel instead)']);
  let raw: unknown;
  try {
    raw = JSON.parse(utf8OrUndefined(manifestBytes) ?? '');
  } catch {
    throw new ShareError(NOT_GLASSBOX, ['its manifest.json is not JSON']);
  }
  const version = (raw as { version?: unknown } | null)?.version;
  if ((raw as { format?: unknown } | null)?.format === GLASSBOX_FORMAT && typeof version === 'number' && version > GLASSBOX_VERSION) {
    throw new ShareError(`This file was made by a newer version of Glassbox (file format ${version}; this version reads format ${GLASSBOX_VERSION}). Open it in the latest Glassbox`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new ShareError(NOT_GLASSBOX, [`its manifest.json does not read (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? 'invalid'})`]);
  const manifest = parsed.data;

  const problems: string[] = [];
  const files: NonNullable<SharedPlayground['files']> = {};
  const lesson: Partial<Record<LessonEntryName, Uint8Array>> = {};
  for (const [name, bytes] of entries) {
    if (name.startsWith(FILES)) {
      const path = name.slice(FILES.length);
      files[path] = utf8OrUndefined(bytes) ?? bytes;
    } else if (!KNOWN.has(name)) problems.push(`${quoted(name)} is not part of a .glassbox file`);
    else if (name.startsWith(LESSON)) {
      if (manifest.kind === 'lesson') lesson[name.slice(LESSON.length) as LessonEntryName] = bytes;
      else problems.push(`${quoted(name)} belongs in a lesson, not in a ${manifest.kind} file`);
    }
  }
  if (manifest.kind === 'lesson' && manifest.lesson === undefined) problems.push('its manifest.json does not name the lesson folder (lesson.folder)');
  problems.push(...filesProblems(files, limits));
  const playground: SharedPlayground = { files };
  const promptBytes = entries.get(PROMPT);
  if (promptBytes) {
    const text = utf8OrUndefined(promptBytes);
    const prompt = readPrompt(text ?? 0, limits);
    if (prompt.problem) problems.push(prompt.problem);
    else if (prompt.prompt !== undefined) playground.prompt = prompt.prompt;
  }
  const modelBytes = entries.get(MODEL);
  if (modelBytes) {
    const value = parseJson(modelBytes);
    const model = value === undefined ? { problem: 'session/model.json is not JSON' } : readModel(value);
    if (model.problem) problems.push(model.problem);
    else if (model.model) playground.model = model.model;
  }
  const logBytes = entries.get(LOG);
  if (logBytes) {
    const log = readLog(parseJson(logBytes) ?? null, limits);
    if (log.problem) problems.push(log.problem);
    else if (log.log) playground.log = log.log;
  }
  const startBytes = entries.get(START);
  if (startBytes) {
    const start = filesFromJson(parseJson(startBytes) ?? null, limits, problems, 'list of the files the run started from');
    if (start) playground.startFiles = start;
  }
  // What the manifest promised must be what is there: a mismatch is a cut or altered file.
  const count = Object.keys(files).length;
  if (count !== manifest.contents.files) problems.push(`the manifest lists ${manifest.contents.files} files but ${count} are inside`);
  const bytes = Object.values(files).reduce((sum, contents) => sum + byteLength(contents), 0);
  if (count === manifest.contents.files && bytes !== manifest.contents.bytes) problems.push(`the files take ${bytes} bytes, not the ${manifest.contents.bytes} the manifest lists`);
  return { read: { manifest, playground, ...(manifest.kind === 'lesson' ? { lesson } : {}) }, problems };
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(utf8OrUndefined(bytes) ?? '');
  } catch {
    return undefined;
  }
}

/** True when the bytes start like a zip (a `.glassbox` file) rather than text. */
export function looksLikeZip(data: Uint8Array): boolean {
  return data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
}
