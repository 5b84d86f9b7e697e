export const ANTHROPIC_VERSION = '2023-06-01';

/** Headers for every Anthropic call (the model list too, so listing does not load the codec). */
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
