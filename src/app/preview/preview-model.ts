/**
 * The preview panel's state as plain data and pure transitions (unit-tested without a DOM):
 * which servers are open, which one is shown, whether the user hid the panel, and the errors
 * the preview pages reported.
 */
import type { PreviewError, PreviewEvent } from '../../sandbox/port';

export interface PreviewTarget {
  port: number;
  url: string;
}

export interface PreviewModel {
  /** Open servers, in the order they opened. */
  targets: readonly PreviewTarget[];
  /** The port shown in the panel. */
  active: number | null;
  /** The user closed the panel; a server opening again shows it. */
  hidden: boolean;
  /** Recent errors from preview pages, newest last. */
  errors: readonly PreviewError[];
}

export const MAX_PREVIEW_ERRORS = 20;

export function emptyPreview(): PreviewModel {
  return { targets: [], active: null, hidden: false, errors: [] };
}

/** A port opened (or its URL changed): show it. A port closed: drop it and its errors. */
export function applyPreviewEvent(model: PreviewModel, event: PreviewEvent): PreviewModel {
  if (event.type === 'open') {
    if (event.url === undefined) return model;
    const target = { port: event.port, url: event.url };
    const exists = model.targets.some((t) => t.port === event.port);
    const targets = exists ? model.targets.map((t) => (t.port === event.port ? target : t)) : [...model.targets, target];
    return { ...model, targets, active: event.port, hidden: false };
  }
  const targets = model.targets.filter((t) => t.port !== event.port);
  if (targets.length === model.targets.length) return model;
  const active = model.active === event.port ? (targets.at(-1)?.port ?? null) : model.active;
  return { ...model, targets, active, errors: model.errors.filter((e) => e.port !== event.port) };
}

export function addPreviewError(model: PreviewModel, error: PreviewError): PreviewModel {
  return { ...model, errors: [...model.errors, error].slice(-MAX_PREVIEW_ERRORS) };
}

/** The target shown, if the panel is visible. */
export function visibleTarget(model: PreviewModel): PreviewTarget | undefined {
  if (model.hidden) return undefined;
  return model.targets.find((t) => t.port === model.active);
}
