/**
 * Reads a commit or a tree straight from `.git/objects`: loose objects, and packed ones through
 * the pack's `.idx` (version 2), deltas included. Formats: git's Documentation/gitformat-pack.txt.
 *
 * Why not isomorphic-git's readObject: the first time a command reads from a pack it copies the
 * whole pack twice and hashes all of it to verify its checksum — about 150 ms for a 15 MB pack in
 * Chromium, paid by every command since each gets a fresh cache — while `git status` needs one
 * commit and, when something is staged, a few trees. Here each object read is checked instead:
 * its id is hashed from what was read, and anything this reader does not handle (another index
 * version, a corrupt or unexpected object, a base in another pack) gives undefined, so the caller
 * asks isomorphic-git, which reports the problem if there is one. No DOM.
 */
import { inflateSync, unzlibSync } from 'fflate';
import { errorCode } from '../sandbox/fs-error';
import type { SandboxFs } from '../sandbox/port';
import { hexOf, objectId, type ObjectType } from './object-id';
import { decodeUtf8 } from './utf8';

export interface StoredObject {
  type: ObjectType;
  body: Uint8Array;
}

/** A tree's entry, its mode in octal digits as stored ("100644", "40000"; readTree pads the latter to "040000"). */
export interface TreeEntry {
  mode: string;
  path: string;
  oid: string;
}

/** One object by id, or undefined when this reader cannot say (the caller then asks isomorphic-git). */
export type ObjectReader = (oid: string) => Promise<StoredObject | undefined>;

const TYPES: ReadonlyArray<ObjectType | undefined> = [undefined, 'commit', 'tree', 'blob', 'tag'];
const OFS_DELTA = 6;
const REF_DELTA = 7;
/**
 * Objects larger than this are left to isomorphic-git: a size comes from the repository, which is
 * untrusted, and is allocated before anything checks it.
 */
const MAX_OBJECT_BYTES = 64 * 1024 * 1024;
/** Deltas on deltas this reader follows; git's default pack.depth is 50. */
const MAX_DELTA_DEPTH = 64;
const IDX_MAGIC = [0xff, 0x74, 0x4f, 0x63];
const FANOUT_AT = 8;
const NAMES_AT = FANOUT_AT + 256 * 4;

interface Pack {
  idx: Uint8Array;
  count: number;
  path: string;
  bytes?: Uint8Array;
}

function u32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function oidBytesOf(hex: string): Uint8Array | undefined {
  if (!/^[0-9a-f]{40}$/.test(hex)) return undefined;
  const bytes = new Uint8Array(20);
  for (let at = 0; at < 20; at++) bytes[at] = parseInt(hex.slice(at * 2, at * 2 + 2), 16);
  return bytes;
}

function compareOid(idx: Uint8Array, at: number, oid: Uint8Array): number {
  for (let byte = 0; byte < 20; byte++) {
    const difference = idx[at + byte]! - oid[byte]!;
    if (difference !== 0) return difference;
  }
  return 0;
}

/** A version-2 `.idx` with its object count, or undefined for anything else. */
function packIndexOf(idx: Uint8Array, path: string): Pack | undefined {
  if (idx.byteLength < NAMES_AT || IDX_MAGIC.some((byte, at) => idx[at] !== byte) || u32(idx, 4) !== 2) return undefined;
  const count = u32(idx, FANOUT_AT + 255 * 4);
  // names, CRCs and 4-byte offsets, then the two checksums, at the least
  if (idx.byteLength < NAMES_AT + count * 28 + 40) return undefined;
  return { idx, count, path };
}

/** Where `oid` starts in the pack, by binary search of the sorted names the fanout narrows down. */
function offsetIn(pack: Pack, oid: Uint8Array): number | undefined {
  const { idx, count } = pack;
  let low = oid[0] === 0 ? 0 : u32(idx, FANOUT_AT + (oid[0]! - 1) * 4);
  let high = u32(idx, FANOUT_AT + oid[0]! * 4);
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = compareOid(idx, NAMES_AT + middle * 20, oid);
    if (order === 0) {
      const offsets = NAMES_AT + count * 24;
      const offset = u32(idx, offsets + middle * 4);
      if ((offset & 0x80000000) === 0) return offset;
      const large = offsets + count * 4 + (offset & 0x7fffffff) * 8;
      if (large + 8 > idx.byteLength) return undefined;
      return u32(idx, large) * 2 ** 32 + u32(idx, large + 4);
    }
    if (order < 0) low = middle + 1;
    else high = middle;
  }
  return undefined;
}

/** A zlib stream's content, exactly `size` bytes long; what follows the stream is ignored. */
function inflated(data: Uint8Array, size: number): Uint8Array | undefined {
  if (size > MAX_OBJECT_BYTES) return undefined;
  // CM 8 (deflate), a valid header check, no preset dictionary.
  if (data.byteLength < 2 || (data[0]! & 0x0f) !== 8 || ((data[0]! << 8) | data[1]!) % 31 !== 0 || (data[1]! & 0x20) !== 0) return undefined;
  try {
    const out = inflateSync(data.subarray(2), { out: new Uint8Array(size) });
    return out.byteLength === size ? out : undefined;
  } catch {
    return undefined;
  }
}

/** A delta's variable-length size at `at`, and where it ends. */
function deltaSize(delta: Uint8Array, at: number): [size: number, next: number] {
  let size = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = delta[at++] ?? 0;
    size += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80 && at < delta.byteLength);
  return [size, at];
}

/** The object a delta rebuilds from its base: copies from the base and inserted bytes. */
function applyDelta(base: Uint8Array, delta: Uint8Array): Uint8Array | undefined {
  const [baseSize, afterBase] = deltaSize(delta, 0);
  const [size, start] = deltaSize(delta, afterBase);
  if (baseSize !== base.byteLength || size > MAX_OBJECT_BYTES) return undefined;
  const out = new Uint8Array(size);
  let written = 0;
  let at = start;
  while (at < delta.byteLength) {
    const op = delta[at++]!;
    if (op & 0x80) {
      let offset = 0;
      let length = 0;
      for (let bit = 0; bit < 4; bit++) if (op & (1 << bit)) offset += delta[at++]! * 2 ** (8 * bit);
      for (let bit = 0; bit < 3; bit++) if (op & (0x10 << bit)) length += delta[at++]! * 2 ** (8 * bit);
      if (length === 0) length = 0x10000;
      if (offset + length > base.byteLength || written + length > size) return undefined;
      out.set(base.subarray(offset, offset + length), written);
      written += length;
    } else if (op !== 0) {
      if (at + op > delta.byteLength || written + op > size) return undefined;
      out.set(delta.subarray(at, at + op), written);
      written += op;
      at += op;
    } else {
      return undefined; // reserved
    }
  }
  return written === size ? out : undefined;
}

/** The object at `offset` in the pack, its deltas applied. */
function objectAt(pack: Pack, bytes: Uint8Array, offset: number, depth: number): StoredObject | undefined {
  if (depth > MAX_DELTA_DEPTH || offset < 12 || offset >= bytes.byteLength - 20) return undefined;
  let at = offset;
  let byte = bytes[at++]!;
  const kind = (byte >> 4) & 7;
  let size = byte & 0x0f;
  let shift = 4;
  while (byte & 0x80) {
    if (at >= bytes.byteLength) return undefined;
    byte = bytes[at++]!;
    size += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  }
  const type = TYPES[kind];
  if (type) {
    const body = inflated(bytes.subarray(at), size);
    return body && { type, body };
  }
  let base: StoredObject | undefined;
  if (kind === OFS_DELTA) {
    byte = bytes[at++]!;
    let distance = byte & 0x7f;
    while (byte & 0x80) {
      byte = bytes[at++]!;
      distance = (distance + 1) * 128 + (byte & 0x7f);
    }
    base = objectAt(pack, bytes, offset - distance, depth + 1);
  } else if (kind === REF_DELTA) {
    const baseOffset = offsetIn(pack, bytes.subarray(at, at + 20));
    at += 20;
    base = baseOffset === undefined ? undefined : objectAt(pack, bytes, baseOffset, depth + 1);
  }
  const delta = base && inflated(bytes.subarray(at), size);
  const body = base && delta && applyDelta(base.body, delta);
  return body && base && { type: base.type, body };
}

/** A loose object's file: zlib of "<type> <size>\0<body>". */
function looseObject(file: Uint8Array): StoredObject | undefined {
  let whole: Uint8Array;
  try {
    whole = unzlibSync(file);
  } catch {
    return undefined;
  }
  const nul = whole.indexOf(0);
  const [type, size] = decodeUtf8(whole.subarray(0, Math.max(0, nul))).split(' ');
  const body = whole.subarray(nul + 1);
  const known = TYPES.find((name) => name === type);
  return known && nul > 0 && Number(size) === body.byteLength ? { type: known, body } : undefined;
}

/**
 * A reader over `gitdir`'s objects. It keeps the packs it has read, so make one per command:
 * packs come and go between commands (a fetch adds one). `read` reads an object file; it may hand
 * out the stored bytes themselves, since nothing here writes into them.
 */
export function storedObjects(fs: SandboxFs, gitdir: string, read: (path: string) => Promise<Uint8Array> = (path) => fs.readBytes(path)): ObjectReader {
  let packs: Promise<Pack[] | undefined> | undefined;

  const listPacks = async (): Promise<Pack[] | undefined> => {
    const dir = `${gitdir}/objects/pack`;
    let names: string[];
    try {
      names = (await fs.list(dir)).map((entry) => entry.name).filter((name) => name.endsWith('.idx'));
    } catch (error) {
      return errorCode(error) === 'ENOENT' ? [] : undefined;
    }
    const indexes = await Promise.all(names.map(async (name) => packIndexOf(await read(`${dir}/${name}`), `${dir}/${name.slice(0, -'.idx'.length)}.pack`)));
    return indexes.every((pack) => pack !== undefined) ? indexes : undefined;
  };

  const fromPacks = async (oid: Uint8Array): Promise<StoredObject | undefined> => {
    packs ??= listPacks().catch(() => undefined);
    for (const pack of (await packs) ?? []) {
      const offset = offsetIn(pack, oid);
      if (offset === undefined) continue;
      pack.bytes ??= await read(pack.path);
      return objectAt(pack, pack.bytes, offset, 0);
    }
    return undefined;
  };

  return async (oid) => {
    const bytes = oidBytesOf(oid);
    if (!bytes) return undefined;
    let found: StoredObject | undefined;
    try {
      found = looseObject(await read(`${gitdir}/objects/${oid.slice(0, 2)}/${oid.slice(2)}`));
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') return undefined;
      found = await fromPacks(bytes).catch(() => undefined);
    }
    // What was read must be what was asked for: the id is the hash of the object.
    return found && hexOf(objectId(found.type, found.body)) === oid ? found : undefined;
  };
}

/** A commit's tree id (its first line, "tree <id>"), or undefined if the body does not start with one. */
export function treeOfCommit(body: Uint8Array): string | undefined {
  return /^tree ([0-9a-f]{40})\n/.exec(decodeUtf8(body.subarray(0, 46)))?.[1];
}

/** A tree's entries ("<octal mode> <name>\0" and a 20-byte id each), or undefined if malformed. */
export function treeEntries(body: Uint8Array): TreeEntry[] | undefined {
  const entries: TreeEntry[] = [];
  for (let at = 0; at < body.byteLength; ) {
    const space = body.indexOf(0x20, at);
    const nul = space < 0 ? -1 : body.indexOf(0, space + 1);
    if (nul < 0 || nul + 21 > body.byteLength) return undefined;
    entries.push({ mode: decodeUtf8(body.subarray(at, space)), path: decodeUtf8(body.subarray(space + 1, nul)), oid: hexOf(body.subarray(nul + 1, nul + 21)) });
    at = nul + 21;
  }
  return entries;
}
