/**
 * A stable hash of what a model saw: the request's system prompt, messages and tools. Two
 * requests with the same content hash the same whatever their key order (the JSON is written
 * with sorted keys), so a replay can tell whether the model would have been asked the same
 * thing as in the recording. The model id and limits are left out: they say who was asked,
 * not what.
 */
import type { ModelRequest } from './port';

export interface RequestHashes {
  /** system + messages + tools. */
  all: string;
  system: string;
  messages: string;
  tools: string;
}

/** JSON with object keys sorted at every level; `undefined` fields are dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}

/** cyrb53: a fast 53-bit string hash (not cryptographic: it tells recordings apart, it guards nothing). */
function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A 106-bit hex hash of a text (two seeds of cyrb53). */
export function hashText(text: string): string {
  return cyrb53(text, 0).toString(16).padStart(14, '0') + cyrb53(text, 0x9e3779b9).toString(16).padStart(14, '0');
}

export function requestHashes(request: Pick<ModelRequest, 'system' | 'messages' | 'tools'>): RequestHashes {
  const system = hashText(canonicalJson(request.system));
  const messages = hashText(canonicalJson(request.messages));
  const tools = hashText(canonicalJson(request.tools));
  return { all: hashText(`${system}:${messages}:${tools}`), system, messages, tools };
}

/** The one hash a recording keeps per request. */
export function requestHash(request: Pick<ModelRequest, 'system' | 'messages' | 'tools'>): string {
  return requestHashes(request).all;
}
