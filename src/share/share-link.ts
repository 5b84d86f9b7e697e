/**
 * Share links: the whole playground in the URL fragment, so no server ever sees it.
 *
 *   https://host/#share=2.<base64url(deflate-raw(JSON) ++ adler32(JSON))>
 *
 * The number before the dot is the format version, read before anything is inflated, so a link
 * from a newer Glassbox is refused with words rather than misread. Format 2 ends with the JSON's
 * Adler-32 (big-endian, as zlib writes it), so a link damaged on the way is refused rather than
 * loaded with a changed character; format 1 links (the same without it) are still read. The JSON is a `LinkDocument`:
 * files (text as text, other files as base64), the task prompt, the model choice (never a key)
 * and the recorded session in the event log's stored form (pools: each message stored once),
 * read back through the same zod schemas as a reload, event by event. Two things keep links
 * short: event times are stored as the gap since the previous event, and the deflate stream
 * uses a preset dictionary (./link-dictionary-v1.ts) holding the text every run repeats.
 *
 * Every way a link can be wrong (truncated, corrupted, hand-edited, newer, a bomb, escaping or
 * colliding paths, a huge file list) is a ShareError listing what is wrong; nothing partial is
 * ever returned. No DOM.
 */
import { deflateSync, strToU8 } from 'fflate';
import type { PackedChunk } from '../store/event-log-codec';
import { adler32, fromBase64Url, inflateCapped, toBase64Url, utf8OrUndefined } from './bytes';
import { LINK_DICTIONARY_V1 } from './link-dictionary-v1';
import { filesFromJson, filesToJson, packLog, readLog, readModel, readPrompt, shareableModel, ShareError, SHARE_LIMITS, type JsonFile, type SharedPlayground, type ShareLimits } from './shared-playground';

export const LINK_FORMAT_VERSION = 2;
/** The first format, without the checksum; still read. */
const UNCHECKED_FORMAT = 1;
const CHECKSUM_BYTES = 4;
/** The fragment parameter a share link uses. */
export const LINK_PARAM = 'share';
/**
 * Above this many characters a link is not offered for copying: chat apps, mail clients and
 * some browsers cut or refuse longer URLs (Slack and Teams cut around 8k; IE-era proxies at 2k;
 * Chromium's own limit is 2 MB). Bigger playgrounds go as a `.glassbox` file or a gist.
 */
export const LINK_SAFE_LENGTH = 8000;
/** Inflated JSON above this is refused as a decompression bomb (files are capped again once read). */
export const LINK_MAX_INFLATED = SHARE_LIMITS.maxTotalBytes * 2;

interface LinkDocument {
  v: number;
  files?: Record<string, JsonFile>;
  prompt?: string;
  model?: unknown;
  log?: unknown;
  /** The files the recorded run started from (for its replay). */
  start?: Record<string, JsonFile>;
}

/** The JSON document of a playground (shared by links and gists). */
function toDocument(playground: SharedPlayground): LinkDocument {
  const doc: LinkDocument = { v: LINK_FORMAT_VERSION };
  if (playground.files) doc.files = filesToJson(playground.files);
  if (playground.prompt !== undefined) doc.prompt = playground.prompt;
  if (playground.model) doc.model = shareableModel(playground.model);
  if (playground.log) doc.log = withTimeGaps(packLog(playground.log));
  if (playground.log && playground.startFiles) doc.start = filesToJson(playground.startFiles);
  return doc;
}

let dictionary: Uint8Array | undefined;
function linkDictionary(): Uint8Array {
  dictionary ??= strToU8(LINK_DICTIONARY_V1);
  return dictionary;
}

/** Each event's time as the gap since the previous one (small numbers compress well). */
function withTimeGaps(chunk: PackedChunk): PackedChunk {
  let previous = 0;
  return {
    ...chunk,
    events: chunk.events.map((entry) => {
      const gap = entry.at - previous;
      previous = entry.at;
      return { ...entry, at: gap };
    }),
  };
}

/** Back from gaps to times; anything that is not a list of events is left for the log reader to refuse. */
function withTimes(value: unknown): unknown {
  const events = (value as { events?: unknown } | null)?.events;
  if (!Array.isArray(events)) return value;
  let at = 0;
  return {
    ...(value as object),
    events: events.map((entry: unknown) => {
      const gap = (entry as { at?: unknown } | null)?.at;
      if (typeof gap !== 'number' || typeof entry !== 'object' || entry === null) return entry;
      at += gap;
      return { ...entry, at };
    }),
  };
}

/** The fragment payload (`2.<data>`, without `#share=`) for a playground. */
export function encodePayload(playground: SharedPlayground): string {
  const json = strToU8(JSON.stringify(toDocument(playground)));
  const packed = deflateSync(json, { level: 9, dictionary: linkDictionary() });
  const data = new Uint8Array(packed.length + CHECKSUM_BYTES);
  data.set(packed);
  new DataView(data.buffer).setUint32(packed.length, adler32(json));
  return `${LINK_FORMAT_VERSION}.${toBase64Url(data)}`;
}

/** A full link: `base` (the app's URL, without fragment) plus `#share=…`. */
export function shareLink(base: string, playground: SharedPlayground): string {
  const url = base.replace(/#.*$/, '');
  return `${url}#${LINK_PARAM}=${encodePayload(playground)}`;
}

const DAMAGED = 'This share link is damaged';
const UNPACK_PROBLEM = 'its data does not unpack (it was cut off or corrupted: copy the whole link again)';

/** The payload from a fragment (`#share=…`), a whole link, or the payload itself; undefined when none is there. */
export function payloadOf(text: string): string | undefined {
  const trimmed = text.trim();
  const match = /(?:^|[#&])share=([^&\s]*)/.exec(trimmed);
  if (match) return decodeURIComponent(match[1] ?? '');
  if (/^\d+\.[A-Za-z0-9_-]*$/.test(trimmed)) return trimmed;
  return undefined;
}

/** Reads a payload (`2.<data>`, or a format 1 one) back into a playground, or throws a ShareError saying what is wrong. */
export function decodePayload(payload: string, limits: ShareLimits = SHARE_LIMITS, maxInflated = LINK_MAX_INFLATED): SharedPlayground {
  const dot = payload.indexOf('.');
  const versionText = dot < 0 ? '' : payload.slice(0, dot);
  if (!/^\d+$/.test(versionText)) throw new ShareError(DAMAGED, ['it does not start with a format version (was it changed by hand?)']);
  const version = Number(versionText);
  if (version > LINK_FORMAT_VERSION)
    throw new ShareError(`This link was made by a newer version of Glassbox (link format ${version}; this version reads format ${LINK_FORMAT_VERSION}). Open it in the latest Glassbox`);
  if (version < 1) throw new ShareError(DAMAGED, [`format ${version} does not exist`]);
  const data = payload.slice(dot + 1);
  if (data === '') throw new ShareError(DAMAGED, ['it holds no data (was it cut off?)']);
  if (!/^[A-Za-z0-9_-]*$/.test(data)) throw new ShareError(DAMAGED, ['it holds characters a share link never has (was it changed by hand?)']);
  const bytes = fromBase64Url(data);
  const checked = version !== UNCHECKED_FORMAT;
  if (!bytes || (checked && bytes.length <= CHECKSUM_BYTES)) throw new ShareError(DAMAGED, [UNPACK_PROBLEM]);
  const packed = checked ? bytes.subarray(0, -CHECKSUM_BYTES) : bytes;
  const inflated = inflateCapped(packed, maxInflated, linkDictionary());
  if (!inflated.ok) {
    if (inflated.reason === 'too_big') throw new ShareError(`This link unpacks to more than ${Math.round(maxInflated / (1024 * 1024))} MB, so it was refused (a decompression bomb, or far too big to share by link)`);
    throw new ShareError(DAMAGED, [UNPACK_PROBLEM]);
  }
  if (checked && new DataView(bytes.buffer, bytes.byteOffset).getUint32(bytes.length - CHECKSUM_BYTES) !== adler32(inflated.bytes)) {
    throw new ShareError(DAMAGED, ['what it unpacks to does not match its checksum (it was corrupted on the way: copy the whole link again)']);
  }
  const json = utf8OrUndefined(inflated.bytes);
  let doc: unknown;
  try {
    doc = json === undefined ? undefined : JSON.parse(json);
  } catch {
    doc = undefined;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new ShareError(DAMAGED, ['its contents are not a playground']);
  return readDocument(doc as Record<string, unknown>, limits, version);
}

function readDocument(doc: Record<string, unknown>, limits: ShareLimits, version: number): SharedPlayground {
  if (doc.v !== version) {
    if (typeof doc.v === 'number' && doc.v > LINK_FORMAT_VERSION) throw new ShareError(`This link was made by a newer version of Glassbox (format ${doc.v}). Open it in the latest Glassbox`);
    throw new ShareError(DAMAGED, ['its contents name no known format version']);
  }
  const problems: string[] = [];
  const playground: SharedPlayground = {};
  const known = new Set(['v', 'files', 'prompt', 'model', 'log', 'start']);
  for (const key of Object.keys(doc)) if (!known.has(key)) problems.push(`it holds an unknown part ${JSON.stringify(key.slice(0, 40))}`);
  if (doc.files !== undefined) {
    const files = filesFromJson(doc.files, limits, problems);
    if (files) playground.files = files;
  }
  if (doc.start !== undefined) {
    const start = filesFromJson(doc.start, limits, problems, 'list of the files the run started from');
    if (start) playground.startFiles = start;
  }
  const prompt = readPrompt(doc.prompt, limits);
  if (prompt.problem) problems.push(prompt.problem);
  else if (prompt.prompt !== undefined) playground.prompt = prompt.prompt;
  const model = readModel(doc.model);
  if (model.problem) problems.push(model.problem);
  else if (model.model) playground.model = model.model;
  const log = readLog(withTimes(doc.log), limits);
  if (log.problem) problems.push(log.problem);
  else if (log.log) playground.log = log.log;
  if (problems.length > 0) throw new ShareError('This share link was refused, nothing was loaded', problems);
  return playground;
}

