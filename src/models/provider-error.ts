import type { ModelError, ModelErrorKind } from './port';
import { isLocalUrl, networkHint } from './network-hint';
import { redactSecrets } from './redact';
import { parseDurationMs, parseRetryAfter, type HeaderReader } from './retry-after';

/** What error messages need to know about the provider they describe. */
export interface ProviderContext {
  /** Human name used in messages, e.g. "Anthropic". */
  label: string;
  baseUrl: string;
  /** Masked out of every message. */
  apiKey?: string;
  /** The browser page's origin, named in CORS hints. */
  pageOrigin?: string;
}

const RETRYABLE: Record<ModelErrorKind, boolean> = {
  auth: false,
  rate_limit: true,
  overloaded: true,
  server: true,
  network: true,
  stream_dropped: true,
  invalid_request: false,
  aborted: false,
  unknown: false,
  exhausted: false,
};

/** Build a ModelError with the default retry policy for its kind; the message is always key-free. */
export function modelError(
  ctx: ProviderContext,
  kind: ModelErrorKind,
  message: string,
  extra: { status?: number; retryAfterMs?: number; retryable?: boolean } = {},
): ModelError {
  const error: ModelError = {
    kind,
    message: redactSecrets(message, [ctx.apiKey]),
    retryable: extra.retryable ?? RETRYABLE[kind],
  };
  if (extra.status !== undefined) error.status = extra.status;
  if (extra.retryAfterMs !== undefined) error.retryAfterMs = extra.retryAfterMs;
  return error;
}

/** The interesting fields of any provider's error payload (Anthropic, OpenAI, Google, Ollama). */
export interface ProviderErrorDetail {
  message?: string;
  /** Anthropic `error.type`, OpenAI `error.type` / `error.code`, Google `error.status`, detail reasons. */
  codes: string[];
  retryAfterMs?: number;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Read an error payload of any of the shapes the supported providers send. */
export function readErrorPayload(payload: unknown): ProviderErrorDetail {
  const detail: ProviderErrorDetail = { codes: [] };
  const root = asRecord(payload);
  if (!root) return detail;
  const inner = root.error;
  if (typeof inner === 'string') {
    // Ollama and some proxies: {"error": "model 'x' not found"}
    detail.message = inner;
    return detail;
  }
  const error = asRecord(inner) ?? root;
  if (typeof error.message === 'string') detail.message = error.message;
  for (const field of ['type', 'code', 'status']) {
    const value = error[field];
    if (typeof value === 'string' && value !== '') detail.codes.push(value);
  }
  if (Array.isArray(error.details)) {
    for (const item of error.details) {
      const entry = asRecord(item);
      if (typeof entry?.reason === 'string') detail.codes.push(entry.reason);
      if (typeof entry?.retryDelay === 'string') {
        const ms = parseDurationMs(entry.retryDelay);
        if (ms !== undefined) detail.retryAfterMs = ms;
      }
    }
  }
  return detail;
}

const AUTH_CODES = new Set(['authentication_error', 'permission_error', 'invalid_api_key', 'API_KEY_INVALID', 'UNAUTHENTICATED', 'PERMISSION_DENIED']);
const RATE_CODES = new Set(['rate_limit_error', 'rate_limit_exceeded', 'RESOURCE_EXHAUSTED', 'insufficient_quota']);
const OVERLOAD_CODES = new Set(['overloaded_error', 'overloaded']);
const SERVER_CODES = new Set(['api_error', 'server_error', 'INTERNAL', 'UNAVAILABLE', 'DEADLINE_EXCEEDED']);
const INVALID_CODES = new Set(['invalid_request_error', 'not_found_error', 'request_too_large', 'INVALID_ARGUMENT', 'NOT_FOUND', 'FAILED_PRECONDITION', 'context_length_exceeded']);

/** Kind named by the payload alone (for errors sent inside a 200 stream). */
export function kindFromCodes(detail: ProviderErrorDetail): ModelErrorKind | undefined {
  const has = (set: Set<string>) => detail.codes.some((code) => set.has(code));
  if (has(AUTH_CODES)) return 'auth';
  if (has(OVERLOAD_CODES) || /overloaded/i.test(detail.message ?? '')) return 'overloaded';
  if (has(RATE_CODES)) return 'rate_limit';
  if (has(SERVER_CODES)) return 'server';
  if (has(INVALID_CODES)) return 'invalid_request';
  return undefined;
}

function kindFromStatus(status: number, detail: ProviderErrorDetail): ModelErrorKind {
  const byCode = kindFromCodes(detail);
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 529) return 'overloaded';
  if (status === 503 && byCode === 'overloaded') return 'overloaded';
  if (status >= 500 || status === 408) return 'server';
  // Google answers a bad key with 400 API_KEY_INVALID.
  if (byCode === 'auth') return 'auth';
  if (status === 400 || status === 404 || status === 413 || status === 422) return 'invalid_request';
  return byCode ?? 'unknown';
}

/** Plain text of an error body: its message if JSON, else the start of the text without HTML tags. */
function bodyMessage(bodyText: string, detail: ProviderErrorDetail): string {
  if (detail.message) return detail.message;
  const text = bodyText.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const OVERFLOW_CODES = new Set(['context_length_exceeded', 'request_too_large', 'string_above_max_length']);
const OVERFLOW_TEXT =
  /prompt is too long|context length|context window|maximum context|too many (input )?tokens|input token count.*exceeds|exceeds the (maximum|max) number of tokens|reduce the length of the messages|input is too long/i;

/**
 * Whether a refusal says the request was longer than the model's window: Anthropic's "prompt is too
 * long" (400) and request_too_large (413), OpenAI's context_length_exceeded, Gemini's "input token
 * count exceeds the maximum". The loop compacts the conversation and tries once more.
 */
export function isContextOverflowDetail(detail: ProviderErrorDetail, status?: number): boolean {
  if (detail.codes.some((code) => OVERFLOW_CODES.has(code))) return true;
  if (status === 413) return true;
  return OVERFLOW_TEXT.test(detail.message ?? '');
}

/** Classify a non-2xx HTTP answer. */
export function errorFromResponse(ctx: ProviderContext, status: number, headers: HeaderReader, bodyText: string): ModelError {
  const detail = readErrorPayload(parseJson(bodyText));
  const kind = kindFromStatus(status, detail);
  const said = bodyMessage(bodyText, detail);
  const suffix = said ? `: ${said}` : '';
  const retryAfterMs = parseRetryAfter(headers) ?? detail.retryAfterMs;
  const extra: { status: number; retryAfterMs?: number; retryable?: boolean } = { status };
  if (retryAfterMs !== undefined) extra.retryAfterMs = retryAfterMs;
  let message: string;
  switch (kind) {
    case 'auth':
      message = `the key was refused (${ctx.label}, HTTP ${status})${suffix}`;
      if (!ctx.apiKey) message += ' — no API key is set';
      break;
    case 'rate_limit':
      if (detail.codes.includes('insufficient_quota')) {
        // Retrying will not refill a billing quota.
        extra.retryable = false;
        message = `${ctx.label}: the account's quota is used up (HTTP ${status})${suffix}`;
      } else {
        message = `${ctx.label} rate-limited the request (HTTP ${status})${suffix}`;
      }
      break;
    case 'overloaded':
      message = `${ctx.label} is overloaded (HTTP ${status})${suffix}`;
      break;
    case 'server':
      message = `${ctx.label} server error (HTTP ${status})${suffix}`;
      break;
    case 'invalid_request':
      message = `${ctx.label} rejected the request (HTTP ${status})${suffix}`;
      if (status === 404 && !detail.message) message += ` — check the base URL ${ctx.baseUrl} and the model id`;
      else if (status === 404 || modelGone(detail.message)) message += ` — ${RETIRED_MODEL_HINT}`;
      break;
    default:
      message = `${ctx.label} request failed (HTTP ${status})${suffix}`;
  }
  const error = modelError(ctx, kind, message, extra);
  if ((kind === 'invalid_request' || kind === 'unknown') && isContextOverflowDetail(detail, status)) error.contextOverflow = true;
  return error;
}

/** Models are retired every few months; a saved model id can outlive its model. */
export const RETIRED_MODEL_HINT = 'the model may be misspelled or retired: open Model settings and press "List models" to see the ones your key can use';

function modelGone(said: string | undefined): boolean {
  return said !== undefined && /model/i.test(said) && /not (found|exist|supported|available)|does not exist|deprecated|decommissioned|retired|shut ?down|no longer/i.test(said);
}

/** Classify an error object the provider sent inside an otherwise successful stream. */
export function errorFromStreamPayload(ctx: ProviderContext, payload: unknown): ModelError {
  const detail = readErrorPayload(payload);
  const kind = kindFromCodes(detail) ?? 'server';
  const said = detail.message ?? 'unknown error';
  const prefix =
    kind === 'auth' ? `the key was refused (${ctx.label})` : kind === 'overloaded' ? `${ctx.label} is overloaded` : `${ctx.label} sent an error mid-stream`;
  const extra: { retryAfterMs?: number } = {};
  if (detail.retryAfterMs !== undefined) extra.retryAfterMs = detail.retryAfterMs;
  const error = modelError(ctx, kind, `${prefix}: ${said}`, extra);
  if (kind === 'invalid_request' && isContextOverflowDetail(detail)) error.contextOverflow = true;
  return error;
}

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? cause.message : '';
    return causeText && !error.message.includes(causeText) ? `${error.message}: ${causeText}` : error.message;
  }
  return String(error);
}

export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || errorName(error) === 'AbortError';
}

export function abortedError(ctx: ProviderContext): ModelError {
  return modelError(ctx, 'aborted', 'the request was cancelled');
}

/** Classify a failure of `fetch()` itself (no HTTP answer at all). */
export function errorFromFetchFailure(ctx: ProviderContext, error: unknown, signal?: AbortSignal): ModelError {
  if (isAbort(error, signal)) return abortedError(ctx);
  if (errorName(error) === 'TimeoutError') return modelError(ctx, 'network', `${ctx.label} did not answer in time (${ctx.baseUrl})`);
  const hint = networkHint(ctx.baseUrl, ctx.pageOrigin);
  const failed = modelError(ctx, 'network', `Could not reach ${ctx.label} at ${ctx.baseUrl} (${errorText(error)}). ${hint}`);
  // A local server that refuses the connection is not running (or blocks this page): one more try is plenty.
  if (isLocalUrl(ctx.baseUrl)) failed.maxRetries = 1;
  return failed;
}

/** The body stopped before the message did (connection reset, server closed early). */
export function streamDroppedError(ctx: ProviderContext, cause?: unknown): ModelError {
  const detail = cause === undefined ? '' : ` (${errorText(cause)})`;
  return modelError(ctx, 'stream_dropped', `${ctx.label}'s stream ended before the message finished${detail}`);
}
