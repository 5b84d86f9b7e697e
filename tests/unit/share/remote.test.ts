import { describe, expect, it } from 'vitest';
import { encodeGlassboxFile } from '../../../src/share/glassbox-file';
import { importFromGist, importFromUrl, publishGist, type Fetch } from '../../../src/share/remote';
import { encodePayload } from '../../../src/share/share-link';
import { addressWithout, readAddress } from '../../../src/share/share-url';

function answering(status: number, body: BodyInit | null, headers: Record<string, string> = {}): { fetcher: Fetch; calls: Array<{ url: string; init?: RequestInit }> } {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  return {
    calls,
    fetcher: async (url, init) => {
      calls.push({ url, ...(init ? { init } : {}) });
      return new Response(body, { status, headers });
    },
  };
}

describe('the address', () => {
  it('reads #share=, ?import=, ?gist= and ?prompt=, and forgets them once read', () => {
    expect(readAddress('', '#share=1.abc')).toEqual({ source: { kind: 'link', payload: '1.abc' } });
    expect(readAddress('?import=https%3A%2F%2Fx.example%2Fa.glassbox&prompt=go', '')).toEqual({ source: { kind: 'import', url: 'https://x.example/a.glassbox' }, prompt: 'go' });
    expect(readAddress('?gist=abc', '')).toEqual({ source: { kind: 'gist', id: 'abc' } });
    expect(readAddress('?prompt=%20%20', '')).toEqual({});
    expect(addressWithout('https://g.example/app/?prompt=x&keep=1#share=1.abc')).toBe('https://g.example/app/?keep=1');
  });
});

describe('?import=<url>', () => {
  it('opens a .glassbox file or a text holding a link, without sending credentials', async () => {
    const file = encodeGlassboxFile({ files: { 'a.txt': 'A' } }, { kind: 'workspace', appVersion: 't' });
    const zip = answering(200, file as Uint8Array<ArrayBuffer>);
    expect((await importFromUrl('https://x.example/a.glassbox', zip.fetcher)).files).toEqual({ 'a.txt': 'A' });
    expect(zip.calls[0]?.init?.credentials).toBe('omit');
    const text = answering(200, `https://g.example/#share=${encodePayload({ prompt: 'p' })}`);
    expect((await importFromUrl('https://x.example/link.txt', text.fetcher)).prompt).toBe('p');
  });

  it('says why it failed: not a URL, not http, CORS or offline, an error status, too big', async () => {
    const ok = answering(200, 'x');
    await expect(importFromUrl('not a url', ok.fetcher)).rejects.toThrow(/is not a web address/);
    await expect(importFromUrl('file:///etc/passwd', ok.fetcher)).rejects.toThrow(/only http and https/);
    await expect(importFromUrl('https://x.example/a', () => Promise.reject(new TypeError('Failed to fetch')))).rejects.toThrow(/does not let other sites read the file \(CORS\)/);
    await expect(importFromUrl('https://x.example/a', answering(404, 'no', {}).fetcher)).rejects.toThrow(/answered 404/);
    await expect(importFromUrl('https://x.example/a', answering(200, 'x', { 'content-length': String(1024 * 1024 * 1024) }).fetcher)).rejects.toThrow(/more than the 64 MB/);
    await expect(importFromUrl('https://x.example/a', ok.fetcher)).rejects.toThrow(/neither a \.glassbox file nor a Glassbox share link/);
  });
});

describe('gists', () => {
  it('?gist=<id> reads the share link a gist holds; a missing gist or a bad id says so', async () => {
    const gist = answering(200, JSON.stringify({ files: { 'glassbox-share.txt': { content: encodePayload({ prompt: 'from gist' }) } } }));
    expect((await importFromGist('abc123', gist.fetcher)).prompt).toBe('from gist');
    expect(gist.calls[0]?.url).toBe('https://api.github.com/gists/abc123');
    await expect(importFromGist('abc123', answering(404, '{}').fetcher)).rejects.toThrow(/There is no gist abc123/);
    await expect(importFromGist('../evil', gist.fetcher)).rejects.toThrow(/is not a gist id/);
    await expect(importFromGist('abc', answering(200, JSON.stringify({ files: { 'a.md': { content: 'hi' }, 'b.md': { content: 'x' } } })).fetcher)).rejects.toThrow(/holds no Glassbox playground/);
  });

  it('publishes a secret gist with the token in the header only', async () => {
    const made = answering(201, JSON.stringify({ id: 'f00d', html_url: 'https://gist.github.com/f00d' }));
    const token = 'ghp_' + 'secret123';
    expect(await publishGist('1.abc', token, made.fetcher)).toEqual({ id: 'f00d', htmlUrl: 'https://gist.github.com/f00d' });
    const body = JSON.parse(String(made.calls[0]?.init?.body)) as { public: boolean };
    expect(body.public).toBe(false);
    expect(String(made.calls[0]?.init?.body)).not.toContain(token);
    await expect(publishGist('1.abc', token, answering(401, '{}').fetcher)).rejects.toThrow(/refused the token/);
  });
});
