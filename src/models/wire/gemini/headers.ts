/** The key goes in a header, never the URL, so it cannot leak through logs or the inspector. */
export function geminiHeaders(apiKey: string, json = true): Record<string, string> {
  const headers: Record<string, string> = { 'x-goog-api-key': apiKey };
  if (json) headers['content-type'] = 'application/json';
  return headers;
}
