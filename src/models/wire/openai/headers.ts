/** Headers for every Chat Completions call; local servers usually take no key at all. */
export function openAIHeaders(apiKey: string | undefined, json = true): Record<string, string> {
  const headers: Record<string, string> = {};
  if (json) headers['content-type'] = 'application/json';
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  return headers;
}
