/**
 * "Download workspace" as one JSON file: no archive library ships with the app, and JSON opens
 * anywhere. Text files are kept as text; other files as base64. Never holds a key: it is built
 * from the sandbox's files only.
 */
import type { Snapshot } from '../sandbox/port';

export const EXPORT_FILE_NAME = 'glassbox-workspace.json';
export const EXPORT_FORMAT = 'glassbox-workspace';

export type ExportedFile = string | { base64: string };

export interface WorkspaceExport {
  format: typeof EXPORT_FORMAT;
  version: 1;
  exportedAt: string;
  /** Path relative to the workspace root → text, or `{ base64 }` for binary files. */
  files: Record<string, ExportedFile>;
}

const CHUNK = 0x8000;

/** Base64 of bytes without Node's Buffer; chunked so huge files do not overflow the call stack. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += CHUNK) binary += String.fromCharCode(...bytes.subarray(at, at + CHUNK));
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function workspaceExport(snapshot: Snapshot, now: Date = new Date()): WorkspaceExport {
  const files: Record<string, ExportedFile> = {};
  for (const path of Object.keys(snapshot.files).sort()) {
    const contents = snapshot.files[path];
    if (contents === undefined) continue;
    files[path] = typeof contents === 'string' ? contents : { base64: bytesToBase64(contents) };
  }
  return { format: EXPORT_FORMAT, version: 1, exportedAt: now.toISOString(), files };
}

/** The export as pretty JSON text, ready for a download. */
export function workspaceExportJson(snapshot: Snapshot, now?: Date): string {
  return `${JSON.stringify(workspaceExport(snapshot, now), null, 2)}\n`;
}

/** Back from an export to a snapshot (for a later "Open workspace", and to test the round trip). */
export function snapshotFromExport(value: WorkspaceExport): Snapshot {
  const files: Snapshot['files'] = {};
  for (const [path, contents] of Object.entries(value.files)) files[path] = typeof contents === 'string' ? contents : base64ToBytes(contents.base64);
  return { files };
}
