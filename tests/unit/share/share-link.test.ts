import { deflateSync, strToU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldLog } from '../../../src/app/state/fold';
import { coalesceDeltas } from '../../../src/store/event-log-codec';
import { toBase64Url } from '../../../src/share/bytes';
import { LINK_DICTIONARY_V1 } from '../../../src/share/link-dictionary-v1';
import { decodePayload, encodePayload, LINK_SAFE_LENGTH, payloadOf, shareLink } from '../../../src/share/share-link';
import { ShareError, SHARE_LIMITS, type SharedPlayground } from '../../../src/share/shared-playground';
import { demoRun, type DemoRun } from './demo-run';

/** A payload made by hand from a JSON document, as an attacker or a newer version would. */
function payloadFromDocument(doc: unknown, version = 1): string {
  return `${version}.${toBase64Url(deflateSync(strToU8(JSON.stringify(doc)), { level: 9, dictionary: strToU8(LINK_DICTIONARY_V1) }))}`;
}

function refusal(payload: string, limits = SHARE_LIMITS, maxInflated?: number): ShareError {
  try {
    decodePayload(payload, limits, maxInflated);
  } catch (error) {
    expect(error).toBeInstanceOf(ShareError);
    return error as ShareError;
  }
  throw new Error('the payload was accepted');
}

let demo: DemoRun;
let full: SharedPlayground;

beforeAll(async () => {
  demo = await demoRun();
  full = { files: demo.files, prompt: demo.prompt, model: { provider: 'anthropic', model: 'claude-sonnet-4-5', maxTokens: 4096, thinking: true, thinkingBudget: 2048 }, log: demo.log };
});

describe('share link round trip', () => {
  it('gives back the files, prompt, model and a log that folds to the same view', () => {
    const back = decodePayload(encodePayload(full));
    expect(back.files).toEqual(demo.files);
    expect(back.prompt).toBe(demo.prompt);
    expect(back.model).toEqual(full.model);
    expect(back.log).toEqual(coalesceDeltas(demo.log));
    expect(foldLog(back.log ?? []).items).toEqual(foldLog(demo.log).items);
  });

  it('keeps binary files byte for byte and leaves out parts not chosen', () => {
    const bytes = new Uint8Array([0, 255, 1, 128, 7]);
    const back = decodePayload(encodePayload({ files: { 'img/a.bin': bytes, 'b.txt': 'hé' } }));
    expect(back.files?.['img/a.bin']).toEqual(bytes);
    expect(back.files?.['b.txt']).toBe('hé');
    expect(back.prompt).toBeUndefined();
    expect(back.log).toBeUndefined();
    expect(back.model).toBeUndefined();
  });

  it('carries the files the run started from with the run (for its replay), checked like the files', () => {
    const back = decodePayload(encodePayload({ log: demo.log, startFiles: { 'seed.txt': 'before', 'b.bin': new Uint8Array([9, 0]) } }));
    expect(back.startFiles).toEqual({ 'seed.txt': 'before', 'b.bin': new Uint8Array([9, 0]) });
    // Without the run they are not shared: they only serve its replay.
    expect(decodePayload(encodePayload({ files: { 'a.txt': 'x' }, startFiles: { 'seed.txt': 'before' } })).startFiles).toBeUndefined();
    expect(() => decodePayload(encodePayload({ log: demo.log, startFiles: { '../escape.txt': 'x' } }))).toThrow(ShareError);
  });

  it("fits the demo's full share, run included, in a link chat apps take", () => {
    const link = shareLink('https://glassbox.example/', full);
    expect(link.length).toBeLessThan(LINK_SAFE_LENGTH);
    expect(link).toMatch(/^https:\/\/glassbox\.example\/#share=2\.[A-Za-z0-9_-]+$/);
  });

  it('never carries a key: a model with a key and credentials in its URL loses them', () => {
    const secret = 'sk-ant-' + 'secret-0123456789';
    const withKey = { provider: 'anthropic', model: 'm', apiKey: secret, baseUrl: `https://user:${secret}@proxy.example/v1?key=${secret}` };
    const back = decodePayload(encodePayload({ model: withKey }));
    expect(JSON.stringify(back)).not.toContain(secret);
    expect(back.model).toEqual({ provider: 'anthropic', model: 'm', baseUrl: 'https://proxy.example/v1' });
  });

  it('finds the payload in a link, a fragment or on its own', () => {
    const payload = encodePayload({ prompt: 'hi' });
    expect(payloadOf(`https://x.example/?a=1#share=${payload}`)).toBe(payload);
    expect(payloadOf(`#share=${payload}`)).toBe(payload);
    expect(payloadOf(`  ${payload}\n`)).toBe(payload);
    expect(payloadOf('hello world')).toBeUndefined();
  });
});

describe('bad links are refused whole, with words', () => {
  it('a truncated link', () => {
    const payload = encodePayload(full);
    for (const cut of [0.5, 0.9, 0.999]) {
      const error = refusal(payload.slice(0, Math.floor(payload.length * cut)));
      expect(error.message).toMatch(/cut off or corrupted/);
    }
  });

  it('a corrupted link: every single changed character is refused, none loads a different playground', () => {
    const payload = encodePayload(full);
    // Format 1 had no checksum: about one flip in ten inflated to a valid, subtly different playground.
    const original = JSON.stringify(decodePayload(payload));
    for (let at = 2; at < payload.length; at++) {
      const flipped = payload.slice(0, at) + (payload[at] === 'A' ? 'B' : 'A') + payload.slice(at + 1);
      let loaded: string | undefined;
      try {
        loaded = JSON.stringify(decodePayload(flipped));
      } catch (error) {
        expect(error, `character ${at}`).toBeInstanceOf(ShareError);
        expect((error as ShareError).message, `character ${at}`).toMatch(/damaged|refused/);
      }
      // Only the last character's unused bits can change without changing a byte: then it is the same playground.
      if (loaded !== undefined) expect({ at, same: loaded === original }).toEqual({ at: payload.length - 1, same: true });
    }
    const middle = Math.floor(payload.length / 2);
    const changed = payload.slice(0, middle) + (payload[middle] === 'A' ? 'B' : 'A') + payload.slice(middle + 1);
    expect(refusal(changed).message).toMatch(/damaged/);
  });

  it('a checksum that does not match what the link unpacks to', () => {
    const payload = encodePayload({ prompt: 'Fix the failing test' });
    const bytes = Uint8Array.from(atob(payload.slice(2).replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - ((payload.length - 2) % 4)) % 4)), (c) => c.charCodeAt(0));
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    expect(refusal(`2.${toBase64Url(bytes)}`).message).toMatch(/does not match its checksum/);
  });

  it('still reads a format 1 link (no checksum), made before format 2', () => {
    expect(decodePayload(payloadFromDocument({ v: 1, prompt: 'from an older link' })).prompt).toBe('from an older link');
    // A format 1 wrapper around a format 2 document (or the other way round) is not a link Glassbox made.
    expect(refusal(payloadFromDocument({ v: 2, prompt: 'x' }, 1)).message).toMatch(/damaged/);
  });

  it('a hand-edited link: characters a link never has, a missing version, no data', () => {
    expect(refusal('1.abc$def').message).toMatch(/characters a share link never has/);
    expect(refusal('abcdef').message).toMatch(/format version/);
    expect(refusal('1.').message).toMatch(/no data/);
    expect(refusal('0.AAAA').message).toMatch(/does not exist/);
  });

  it('a link from a newer format version, before and after inflating', () => {
    expect(refusal('3.AAAA').message).toMatch(/newer version of Glassbox \(link format 3/);
    expect(refusal(payloadFromDocument({ v: 3 })).message).toMatch(/newer version of Glassbox \(format 3\)/);
  });

  it('a decompression bomb stops at the cap', () => {
    const bomb = payloadFromDocument({ v: 1, prompt: 'a'.repeat(5_000_000) });
    expect(bomb.length).toBeLessThan(20_000);
    const error = refusal(bomb, SHARE_LIMITS, 1024 * 1024);
    expect(error.message).toMatch(/more than 1 MB.*decompression bomb/);
  });

  it('paths that escape the workspace or collide, listing each', () => {
    const error = refusal(payloadFromDocument({ v: 1, files: { '../etc/passwd': 'x', '/abs': 'x', 'a/./b': 'x', 'src': 'x', 'src/main.js': 'x', 'ok.txt': 'fine', 'a\\b': 'x' } }));
    expect(error.message).toMatch(/refused, nothing was loaded/);
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/"\.\.\/etc\/passwd" leads outside the workspace/),
        expect.stringMatching(/"\/abs" is an absolute path/),
        expect.stringMatching(/"a\/\.\/b" is not a plain relative path/),
        expect.stringMatching(/"src" is both a file and the folder of "src\/main.js"/),
        expect.stringMatching(/backslash/),
      ]),
    );
    expect(error.problems.join()).not.toContain('ok.txt');
  });

  it('a huge file list', () => {
    const files = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`f${i}.txt`, '']));
    const error = refusal(payloadFromDocument({ v: 1, files }), { ...SHARE_LIMITS, maxFiles: 50 });
    expect(error.problems).toEqual([expect.stringMatching(/too many files \(60; at most 50\)/)]);
  });

  it('files over the total size cap', () => {
    const error = refusal(payloadFromDocument({ v: 1, files: { 'a.txt': 'x'.repeat(3000) } }), { ...SHARE_LIMITS, maxTotalBytes: 1000 });
    expect(error.problems.join()).toMatch(/the files take 2\.9 kB \(at most 1000 B\)/);
  });

  it('a recorded run with one event changed by hand refuses the whole link', () => {
    const doc = JSON.parse(JSON.stringify({ v: 1, log: { ...JSON.parse(JSON.stringify(decodeDoc(encodePayload({ log: demo.log })).log)) } })) as { v: number; log: { events: Array<{ event: { type: string; turn?: unknown } }> } };
    const target = doc.log.events.find((entry) => entry.event.type === 'turn_start');
    if (target) target.event.turn = 'not a number';
    const error = refusal(payloadFromDocument(doc));
    expect(error.problems).toEqual([expect.stringMatching(/1 event of the recorded session could not be read/)]);
  });

  it('a log that is not a log, a prompt that is not text, an unknown model provider, unknown parts', () => {
    const error = refusal(payloadFromDocument({ v: 1, log: 'x', prompt: 42, model: { provider: 'evil', model: 'm' }, extra: 1 }));
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/does not read as an event log/),
        expect.stringMatching(/prompt is not text/),
        expect.stringMatching(/model settings do not read/),
        expect.stringMatching(/unknown part "extra"/),
      ]),
    );
  });

  it('contents that are not a playground', () => {
    expect(refusal(payloadFromDocument([1, 2])).message).toMatch(/not a playground/);
    expect(refusal(payloadFromDocument({ files: {} })).message).toMatch(/no known format version/);
  });
});

/** The inflated JSON document of a payload (to edit it by hand in a test). */
function decodeDoc(payload: string): { log: unknown } {
  const [, data] = payload.split('.');
  const bytes = Uint8Array.from(atob((data ?? '').replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - ((data ?? '').length % 4)) % 4)), (c) => c.charCodeAt(0));
  const { inflateSync, strFromU8 } = fflate;
  return JSON.parse(strFromU8(inflateSync(bytes, { dictionary: strToU8(LINK_DICTIONARY_V1) }))) as { log: unknown };
}
import * as fflate from 'fflate';
