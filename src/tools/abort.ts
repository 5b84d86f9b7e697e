import { ToolError } from './port';

/** Stops a long tool (a walk over many files) as soon as the user interrupts. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new ToolError('Interrupted by the user.');
}
