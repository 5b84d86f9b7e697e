import type { WireEvent } from '../models/port';
import type { WireTrace } from './events';

/** Kept of one response's raw stream: the first events up to these limits, and the last few. */
const HEAD_EVENTS = 200;
const HEAD_CHARS = 24_000;
const TAIL_EVENTS = 12;

/**
 * Collects a response's raw stream events within a fixed size, so a long answer cannot swell
 * the stored log: the first ones (how it started) and the last ones (stop reason, usage).
 */
export class WireTraceCollector {
  private readonly head: WireEvent[] = [];
  private headChars = 0;
  private tail: WireEvent[] = [];
  private seen = 0;

  add(event: WireEvent): void {
    this.seen += 1;
    const size = event.data.length + (event.event?.length ?? 0);
    if (this.tail.length === 0 && this.head.length < HEAD_EVENTS && this.headChars + size <= HEAD_CHARS) {
      this.head.push(event);
      this.headChars += size;
      return;
    }
    this.tail.push(clip(event));
    if (this.tail.length > TAIL_EVENTS) this.tail.shift();
  }

  /** The trace, or undefined when the client streamed no raw events (scripted, replay, human). */
  result(): WireTrace | undefined {
    if (this.seen === 0) return undefined;
    const events = [...this.head, ...this.tail];
    return { events, omitted: this.seen - events.length, omittedAfter: this.head.length };
  }
}

/** A tail event is kept whole unless it alone is huge. */
function clip(event: WireEvent): WireEvent {
  const max = HEAD_CHARS / TAIL_EVENTS;
  return event.data.length <= max ? event : { ...event, data: `${event.data.slice(0, max)}… (${event.data.length - max} more characters)` };
}
