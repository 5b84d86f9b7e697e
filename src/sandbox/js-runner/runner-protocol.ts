/**
 * What passes between the host (the page: workspace, shell, abort) and the engine (QuickJS running
 * the program, in a Web Worker in the browser). Every message is plain data that survives
 * structured cloning, and each side decodes what it receives before trusting it: the worker answers
 * nothing but these messages, and the page ignores anything else a worker might post.
 *
 *   host → engine   { type: 'warm' }                       load QuickJS now, ahead of the first run
 *                   { type: 'run', id, request }           one program (the workspace copy inside)
 *   engine → host   { type: 'output', id, parts }          stdout/stderr text, in the order written
 *                   { type: 'changes', id, changes }       file changes to apply to the workspace
 *                   { type: 'done', id, outcome }          the last message of a run
 *
 * Stopping is not a message: the host terminates the worker (a program spinning in a loop would
 * never read one).
 */
import type { Outcome } from './guest-program';
import type { VolumeImageEntry } from './volume-image';

/** Everything the engine needs for one run. */
export interface EngineRequest {
  /** JSON for the guest bootstrap (argv, env, cwd, main…). */
  configJson: string;
  stdin: string;
  timeoutMs: number;
  memoryLimitBytes: number;
  /** The workspace copy the program sees. */
  volume: VolumeImageEntry[];
}

export type OutputStream = 'stdout' | 'stderr';

export interface OutputPart {
  stream: OutputStream;
  text: string;
}

/** One operation on the workspace, in the order given (see write-back.ts). */
export type WorkspaceChange =
  | { op: 'remove'; path: string }
  | { op: 'mkdir'; path: string }
  | { op: 'write'; path: string; bytes: Uint8Array };

/** How the engine ended a run: the program's outcome, or why the engine could not start. */
export type EngineOutcome = Outcome | { kind: 'unavailable'; message: string };

/** What a run reports while it goes. */
export type EngineEvent = { type: 'output'; parts: OutputPart[] } | { type: 'changes'; changes: WorkspaceChange[] };

export type HostMessage = { type: 'warm' } | { type: 'run'; id: number; request: EngineRequest };

export type WorkerMessage = (EngineEvent & { id: number }) | { type: 'done'; id: number; outcome: EngineOutcome };

/** A message with what to transfer rather than copy. */
export interface Encoded<T> {
  message: T;
  transfer: Transferable[];
}

/**
 * A run request. Nothing is transferred: the preloaded bytes belong to the workspace's own fs
 * (just-bash hands out its buffers), so they must be copied, which structured cloning does.
 */
export function encodeRun(id: number, request: EngineRequest): Encoded<HostMessage> {
  return { message: { type: 'run', id, request }, transfer: [] };
}

/** A batch of changes; the written bytes are fresh copies (write-back.ts), so they move without copying. */
export function encodeChanges(id: number, changes: WorkspaceChange[]): Encoded<WorkerMessage> {
  const transfer: Transferable[] = [];
  for (const change of changes) {
    if (change.op === 'write' && change.bytes.byteOffset === 0 && change.bytes.byteLength === change.bytes.buffer.byteLength) {
      const buffer = change.bytes.buffer;
      if (buffer instanceof ArrayBuffer && !transfer.includes(buffer)) transfer.push(buffer);
    }
  }
  return { message: { type: 'changes', id, changes }, transfer };
}

export function decodeHostMessage(data: unknown): HostMessage | undefined {
  if (!isRecord(data)) return undefined;
  if (data.type === 'warm') return { type: 'warm' };
  if (data.type !== 'run' || !isRunId(data.id)) return undefined;
  const request = decodeRequest(data.request);
  return request ? { type: 'run', id: data.id, request } : undefined;
}

export function decodeWorkerMessage(data: unknown): WorkerMessage | undefined {
  if (!isRecord(data) || !isRunId(data.id)) return undefined;
  const { id } = data;
  switch (data.type) {
    case 'output': {
      if (!Array.isArray(data.parts)) return undefined;
      const parts: OutputPart[] = [];
      for (const part of data.parts as unknown[]) {
        if (!isRecord(part) || (part.stream !== 'stdout' && part.stream !== 'stderr') || typeof part.text !== 'string') return undefined;
        parts.push({ stream: part.stream, text: part.text });
      }
      return { type: 'output', id, parts };
    }
    case 'changes': {
      if (!Array.isArray(data.changes)) return undefined;
      const changes: WorkspaceChange[] = [];
      for (const change of data.changes as unknown[]) {
        const decoded = decodeChange(change);
        if (!decoded) return undefined;
        changes.push(decoded);
      }
      return { type: 'changes', id, changes };
    }
    case 'done': {
      const outcome = decodeOutcome(data.outcome);
      return outcome ? { type: 'done', id, outcome } : undefined;
    }
    default:
      return undefined;
  }
}

function decodeRequest(data: unknown): EngineRequest | undefined {
  if (!isRecord(data)) return undefined;
  const { configJson, stdin, timeoutMs, memoryLimitBytes, volume } = data;
  if (typeof configJson !== 'string' || typeof stdin !== 'string') return undefined;
  if (!isPositive(timeoutMs) || !isPositive(memoryLimitBytes) || !Array.isArray(volume)) return undefined;
  const entries: VolumeImageEntry[] = [];
  for (const entry of volume as unknown[]) {
    const decoded = decodeImageEntry(entry);
    if (!decoded) return undefined;
    entries.push(decoded);
  }
  return { configJson, stdin, timeoutMs, memoryLimitBytes, volume: entries };
}

function decodeImageEntry(data: unknown): VolumeImageEntry | undefined {
  if (!isRecord(data) || !isAbsolutePath(data.path) || typeof data.mtimeMs !== 'number') return undefined;
  if (data.kind === 'directory') return { path: data.path, kind: 'directory', mtimeMs: data.mtimeMs };
  if (data.kind !== 'file' || !isSize(data.size)) return undefined;
  if (data.bytes !== null && !(data.bytes instanceof Uint8Array)) return undefined;
  return { path: data.path, kind: 'file', bytes: data.bytes, size: data.size, mtimeMs: data.mtimeMs };
}

function decodeChange(data: unknown): WorkspaceChange | undefined {
  if (!isRecord(data) || !isAbsolutePath(data.path)) return undefined;
  if (data.op === 'remove' || data.op === 'mkdir') return { op: data.op, path: data.path };
  if (data.op === 'write' && data.bytes instanceof Uint8Array) return { op: 'write', path: data.path, bytes: data.bytes };
  return undefined;
}

function decodeOutcome(data: unknown): EngineOutcome | undefined {
  if (!isRecord(data)) return undefined;
  switch (data.kind) {
    case 'finished':
    case 'exit':
      return typeof data.exitCode === 'number' && Number.isInteger(data.exitCode) ? { kind: data.kind, exitCode: data.exitCode } : undefined;
    case 'timeout':
    case 'memory':
    case 'abort':
      return { kind: data.kind };
    case 'crash':
    case 'unavailable':
      return typeof data.message === 'string' ? { kind: data.kind, message: data.message } : undefined;
    default:
      return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isRunId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

function isPositive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isAbsolutePath(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('/');
}
