/**
 * What the page's address asks to open: a share link (`#share=…`), a `.glassbox` file or link
 * text at a URL (`?import=<url>`), a secret gist (`?gist=<id>`), and/or a task to type in
 * (`?prompt=<text>`, never sent by itself), and a git repository to clone (`?repo=<url>&ref=<ref>`). Tiny and free of fflate: it runs at boot, and the
 * decoders load only when the address holds something to decode. No DOM.
 */

export type ShareSource = { kind: 'link'; payload: string } | { kind: 'import'; url: string } | { kind: 'gist'; id: string };

export interface AddressRequest {
  source?: ShareSource;
  /** Text for the chat input (`?prompt=`). */
  prompt?: string;
  /** A git repository to clone on load (`?repo=<url>&ref=<branch, tag or commit>`). */
  repo?: { url: string; ref: string };
  /** A lesson to open (`?lesson=<slug>` or `?lesson=<URL of a .glassbox lesson>`; src/lessons/lesson-source.ts). */
  lesson?: string;
}

/** Reads `search` (`?a=b`) and `hash` (`#share=…`) as in `location`. */
export function readAddress(search: string, hash: string): AddressRequest {
  const query = new URLSearchParams(search);
  const fragment = new URLSearchParams(hash.replace(/^#/, ''));
  const request: AddressRequest = {};
  const payload = fragment.get('share');
  const importUrl = query.get('import');
  const gist = query.get('gist');
  if (payload !== null) request.source = { kind: 'link', payload };
  else if (importUrl !== null) request.source = { kind: 'import', url: importUrl };
  else if (gist !== null) request.source = { kind: 'gist', id: gist };
  const repo = query.get('repo');
  if (repo !== null && repo.trim() !== '') request.repo = { url: repo.trim(), ref: query.get('ref')?.trim() ?? '' };
  const prompt = query.get('prompt');
  if (prompt !== null && prompt.trim() !== '') request.prompt = prompt;
  const lesson = query.get('lesson');
  if (lesson !== null && lesson.trim() !== '') request.lesson = lesson.trim();
  return request;
}

/** The address without what `readAddress` read, so a reload does not open the same link again. */
export function addressWithout(href: string): string {
  const url = new URL(href);
  for (const name of ['import', 'gist', 'prompt', 'repo', 'ref', 'lesson']) url.searchParams.delete(name);
  const fragment = new URLSearchParams(url.hash.replace(/^#/, ''));
  if (fragment.has('share')) url.hash = '';
  return url.toString();
}

/** Where a playground came from, in words for the notice ("a share link", "the gist abc123"). */
export function describeSource(source: ShareSource | { kind: 'file'; name: string } | { kind: 'lesson'; title: string }): string {
  switch (source.kind) {
    case 'link':
      return 'a share link';
    case 'import':
      return `${source.url}`;
    case 'gist':
      return `the GitHub gist ${source.id}`;
    case 'file':
      return `the file ${source.name}`;
    case 'lesson':
      return `the lesson “${source.title}”`;
  }
}
