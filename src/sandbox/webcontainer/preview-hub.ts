import type { PreviewMessage } from '@webcontainer/api';
import type { PreviewError, PreviewEvent } from '../port';
import type { WebContainerLike } from './types';

/** How many recent preview errors are kept for a reader that was not subscribed yet. */
const RECENT_ERRORS = 20;

// PreviewMessageType's values (a runtime enum we do not import, to keep @webcontainer/api lazy).
const KINDS: Record<string, PreviewError['kind']> = {
  PREVIEW_UNCAUGHT_EXCEPTION: 'uncaught-exception',
  PREVIEW_UNHANDLED_REJECTION: 'unhandled-rejection',
  PREVIEW_CONSOLE_ERROR: 'console-error',
};

/**
 * Turns WebContainer's preview events into the port's: `port` (open/close) and `server-ready`
 * both announce a server, so an `open` is emitted once per port and URL; `preview-message`
 * (sent when the container was booted with `forwardPreviewErrors`) becomes a PreviewError;
 * `error` (an internal runtime failure) goes to runtime-error listeners. It subscribes at
 * creation so it knows which ports are open when a listener arrives later (it replays them).
 */
export class PreviewHub {
  private readonly open = new Map<number, string>();
  private readonly previewListeners = new Set<(event: PreviewEvent) => void>();
  private readonly errorListeners = new Set<(error: PreviewError) => void>();
  private readonly runtimeErrorListeners = new Set<(message: string) => void>();
  private readonly recent: PreviewError[] = [];
  private readonly unsubscribers: Array<() => void>;

  constructor(wc: WebContainerLike) {
    this.unsubscribers = [
      wc.on('port', (port, type, url) => (type === 'open' ? this.opened(port, url) : this.closed(port))),
      wc.on('server-ready', (port, url) => this.opened(port, url)),
      wc.on('preview-message', (message) => this.previewMessage(message)),
      wc.on('error', (error) => emit(this.runtimeErrorListeners, error.message)),
    ];
  }

  onPreview(listener: (event: PreviewEvent) => void): () => void {
    this.previewListeners.add(listener);
    for (const [port, url] of this.open) call(listener, { type: 'open', port, url });
    return () => this.previewListeners.delete(listener);
  }

  onPreviewError(listener: (error: PreviewError) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  onRuntimeError(listener: (message: string) => void): () => void {
    this.runtimeErrorListeners.add(listener);
    return () => this.runtimeErrorListeners.delete(listener);
  }

  openPreviews(): PreviewEvent[] {
    return [...this.open].map(([port, url]) => ({ type: 'open', port, url }));
  }

  recentPreviewErrors(): PreviewError[] {
    return [...this.recent];
  }

  dispose(): void {
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.previewListeners.clear();
    this.errorListeners.clear();
    this.runtimeErrorListeners.clear();
  }

  private opened(port: number, url: string): void {
    if (this.open.get(port) === url) return;
    this.open.set(port, url);
    emit(this.previewListeners, { type: 'open', port, url });
  }

  private closed(port: number): void {
    if (!this.open.delete(port)) return;
    emit(this.previewListeners, { type: 'close', port });
  }

  private previewMessage(message: PreviewMessage): void {
    const error = toPreviewError(message);
    if (!error) return;
    this.recent.push(error);
    if (this.recent.length > RECENT_ERRORS) this.recent.shift();
    emit(this.errorListeners, error);
  }
}

/** A PreviewError from a preview message, or undefined for a message type we do not know. */
export function toPreviewError(message: PreviewMessage): PreviewError | undefined {
  const kind = KINDS[String(message.type)];
  if (!kind) return undefined;
  const location = `${message.pathname}${message.search}${message.hash}`;
  const base = { kind, port: message.port, location };
  if ('args' in message) {
    const args: unknown[] = Array.isArray(message.args) ? message.args : [];
    return { ...base, message: args.map(formatArgument).join(' '), stack: message.stack || undefined };
  }
  return { ...base, message: message.message, stack: message.stack || undefined };
}

/** console.error arguments as the console would print them, without throwing on odd values. */
function formatArgument(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
    return String(value);
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function emit<T>(listeners: Set<(value: T) => void>, value: T): void {
  for (const listener of [...listeners]) call(listener, value);
}

function call<T>(listener: (value: T) => void, value: T): void {
  try {
    listener(value);
  } catch (error) {
    // One broken listener must not silence the others; report it as an uncaught error.
    queueMicrotask(() => {
      throw error;
    });
  }
}
