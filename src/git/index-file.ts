/**
 * git's index file (`.git/index`, versions 2 and 3), read into its entries. isomorphic-git keeps
 * its own parser private; the status scan (status-scan.ts) and the restamp after a clone
 * (restamp-index.ts) need the entries and where each one sits in the bytes. Format:
 * git's Documentation/gitformat-index.txt. No DOM.
 */
import { hexOf } from './object-id';
import { decodeUtf8 } from './utf8';

/** The stat fields git keeps per entry, as isomorphic-git compares them (whole numbers, uint32). */
export interface IndexEntryStat {
  ctimeSeconds: number;
  ctimeNanoseconds: number;
  mtimeSeconds: number;
  mtimeNanoseconds: number;
  dev: number;
  ino: number;
  mode: number;
  uid: number;
  gid: number;
  size: number;
}

export interface IndexEntry extends IndexEntryStat {
  path: string;
  /** The blob's (or a submodule's commit's) id, 40 hex digits. */
  oid: string;
  /** The same id's 20 bytes. */
  oidBytes: Uint8Array;
  /** 0 for a normal entry; 1–3 while a merge conflict is unresolved. */
  stage: number;
  /** assume-valid, skip-worktree or intent-to-add: states a plain scan does not interpret. */
  special: boolean;
  /** Where the entry starts in the file (its stat fields come first). */
  offset: number;
}

export interface IndexFile {
  version: number;
  entries: IndexEntry[];
}

const HEADER = 12;
const ENTRY_FIXED = 62;
export const INDEX_CHECKSUM_BYTES = 20;
const ASSUME_VALID = 0x8000;
const EXTENDED = 0x4000;
const STAGE_MASK = 0x3000;

const UINT32 = 2 ** 32;

/** Seconds and nanoseconds as isomorphic-git derives them from milliseconds. */
export function secondsAndNanoseconds(milliseconds: number): [number, number] {
  const seconds = Math.floor(milliseconds / 1000);
  return [seconds % UINT32, Math.floor((milliseconds - seconds * 1000) * 1_000_000) % UINT32];
}

/** git's file mode as isomorphic-git normalizes it: a directory, a file (644 or 755), a symlink or a submodule. */
export function normalizeMode(mode: number): number {
  let type = mode > 0 ? mode >> 12 : 0;
  if (type !== 0o04 && type !== 0o10 && type !== 0o12 && type !== 0o16) type = 0o10;
  const permissions = type !== 0o10 ? 0 : (mode & 0o111) !== 0 ? 0o755 : 0o644;
  return (type << 12) + permissions;
}

/** What an index entry would record for a file with this stat (isomorphic-git's normalizeStats). */
export function indexStatOf(stat: { mode: number; size: number; ino: number; dev: number; uid: number; gid: number; mtimeMs: number; ctimeMs: number }): IndexEntryStat {
  const [ctimeSeconds, ctimeNanoseconds] = secondsAndNanoseconds(stat.ctimeMs);
  const [mtimeSeconds, mtimeNanoseconds] = secondsAndNanoseconds(stat.mtimeMs);
  return {
    ctimeSeconds,
    ctimeNanoseconds,
    mtimeSeconds,
    mtimeNanoseconds,
    dev: stat.dev % UINT32,
    ino: stat.ino % UINT32,
    mode: normalizeMode(stat.mode % UINT32),
    uid: stat.uid % UINT32,
    gid: stat.gid % UINT32,
    size: stat.size % UINT32,
  };
}

/**
 * Whether a file's stat no longer matches its entry, so its content must be hashed to know
 * whether it changed (isomorphic-git's compareStats; git's racy-git rules compare the same fields).
 */
export function statChanged(entry: IndexEntryStat, stat: IndexEntryStat, filemode: boolean): boolean {
  return (
    (filemode && normalizeMode(entry.mode) !== stat.mode) ||
    entry.mtimeSeconds !== stat.mtimeSeconds ||
    entry.mtimeNanoseconds !== stat.mtimeNanoseconds ||
    entry.ctimeSeconds !== stat.ctimeSeconds ||
    entry.ctimeNanoseconds !== stat.ctimeNanoseconds ||
    entry.uid !== stat.uid ||
    entry.gid !== stat.gid ||
    entry.ino !== stat.ino ||
    entry.size !== stat.size
  );
}

/** The entries of a version 2 or 3 index, or undefined for anything else (another version, a truncated file). */
export function readIndexFile(index: Uint8Array): IndexFile | undefined {
  if (index.byteLength < HEADER + INDEX_CHECKSUM_BYTES || decodeUtf8(index.subarray(0, 4)) !== 'DIRC') return undefined;
  const view = new DataView(index.buffer, index.byteOffset, index.byteLength);
  const version = view.getUint32(4);
  if (version !== 2 && version !== 3) return undefined;
  const count = view.getUint32(8);
  const end = index.byteLength - INDEX_CHECKSUM_BYTES;
  const entries: IndexEntry[] = [];
  let at = HEADER;
  for (let entry = 0; entry < count; entry++) {
    if (at + ENTRY_FIXED > end) return undefined;
    const flags = view.getUint16(at + 60);
    const extended = version === 3 && (flags & EXTENDED) !== 0;
    // Version 3's extended flags hold skip-worktree and intent-to-add; any of them set is "special".
    const extendedFlags = extended ? view.getUint16(at + ENTRY_FIXED) : 0;
    const pathStart = at + ENTRY_FIXED + (extended ? 2 : 0);
    const pathEnd = index.indexOf(0, pathStart);
    if (pathEnd < 0 || pathEnd >= end) return undefined;
    entries.push({
      path: decodeUtf8(index.subarray(pathStart, pathEnd)),
      ctimeSeconds: view.getUint32(at),
      ctimeNanoseconds: view.getUint32(at + 4),
      mtimeSeconds: view.getUint32(at + 8),
      mtimeNanoseconds: view.getUint32(at + 12),
      dev: view.getUint32(at + 16),
      ino: view.getUint32(at + 20),
      mode: view.getUint32(at + 24),
      uid: view.getUint32(at + 28),
      gid: view.getUint32(at + 32),
      size: view.getUint32(at + 36),
      oid: hexOf(index.subarray(at + 40, at + 60)),
      oidBytes: index.subarray(at + 40, at + 60),
      stage: (flags & STAGE_MASK) >> 12,
      special: (flags & ASSUME_VALID) !== 0 || extendedFlags !== 0,
      offset: at,
    });
    // The entry is padded with 1 to 8 NULs to a multiple of 8 bytes.
    const length = pathEnd - at;
    at += length + 8 - (length % 8);
  }
  return { version, entries };
}
