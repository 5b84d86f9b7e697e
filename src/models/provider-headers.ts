/**
 * Request headers per wire format, shared by the clients and the model lister
 * (kept apart so listing models does not load a provider's client code).
 */

export const ANTHROPIC_VERSION = '2023-06-01';

export function anthropicHeaders(apiKey: string, json = true): Record<string, string> {
  const headers: Record<string, string> = {
    'x-api-key': apiKey,
    'anthropic-version': ANTHROPIC_VERSION,
    // Required for CORS: without it the API refuses calls from a browser page.
    'anthropic-dangerous-direct-browser-access': 'true',
  };
  if (json) headers['content-type'] = 'application/json';
  return headers;
}

export function openAIHeaders(apiKey: string | undefined, json = true): Record<string, string> {
  const headers: Record<string, string> = {};
  if (json) headers['content-type'] = 'application/json';
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  return headers;
}

/** The key goes in a header, never the URL, so it cannot leak through logs or the inspector. */
export function geminiHeaders(apiKey: string, json = true): Record<string, string> {
  const headers: Record<string, string> = { 'x-goog-api-key': apiKey };
  if (json) headers['content-type'] = 'application/json';
  return headers;
}
