import type { ModelEvent, Usage } from './port';

/** Small ModelEvent builders the provider stream mappers share. */

/** The first event of a message, naming the model when the provider said which one answered. */
export function messageStart(model: string | undefined): ModelEvent {
  const event: ModelEvent = { type: 'message_start' };
  if (model) event.model = model;
  return event;
}

/** The usage counted so far as an event (a copy, so later counts cannot change it), or none. */
export function usageEvents(usage: Usage | undefined): ModelEvent[] {
  return usage ? [{ type: 'usage', usage: { ...usage } }] : [];
}
