import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldLog } from '../../../src/app/state/fold';
import { decodeGlassboxFile, encodeGlassboxFile, GLASSBOX_VERSION, workspaceZip } from '../../../src/share/glassbox-file';
import { readSharedBytes } from '../../../src/share/remote';
import { encodePayload } from '../../../src/share/share-link';
import { ShareError, SHARE_LIMITS } from '../../../src/share/shared-playground';
import { demoRun, type DemoRun } from './demo-run';

const NOW = new Date('2026-12-02T12:00:00Z');

function manifest(overrides: Record<string, unknown> = {}, contents: Record<string, unknown> = {}): Uint8Array {
  return strToU8(JSON.stringify({ format: 'glassbox', version: 1, kind: 'workspace', created: NOW.toISOString(), appVersion: '0.1.0', contents: { files: 1, bytes: 2, prompt: false, model: false, events: 0, ...contents }, ...overrides }));
}

function refusal(bytes: Uint8Array, limits = SHARE_LIMITS): ShareError {
  try {
    decodeGlassboxFile(bytes, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(ShareError);
    return error as ShareError;
  }
  throw new Error('the file was accepted');
}

let demo: DemoRun;
beforeAll(async () => {
  demo = await demoRun();
});

describe('the .glassbox file', () => {
  it('holds a manifest, the files under files/ and the session, and reads back the same', () => {
    const bytes = encodeGlassboxFile({ files: { ...demo.files, 'bin/x.dat': new Uint8Array([0, 200, 3]) }, prompt: demo.prompt, model: { provider: 'demo', model: '' }, log: demo.log }, { kind: 'session', appVersion: '0.1.0', now: NOW });
    const entries = Object.keys(unzipSync(bytes));
    expect(entries[0]).toBe('manifest.json');
    expect(entries).toEqual(expect.arrayContaining(['files/slugify.js', 'files/test.js', 'files/bin/x.dat', 'session/prompt.txt', 'session/model.json', 'session/log.json']));
    const { manifest, playground } = decodeGlassboxFile(bytes);
    expect(manifest).toMatchObject({ format: 'glassbox', version: GLASSBOX_VERSION, kind: 'session', created: NOW.toISOString(), appVersion: '0.1.0' });
    expect(manifest.contents).toMatchObject({ files: Object.keys(demo.files).length + 1, prompt: true, model: true });
    expect(playground.files?.['slugify.js']).toBe(demo.files['slugify.js']);
    expect(playground.files?.['bin/x.dat']).toEqual(new Uint8Array([0, 200, 3]));
    expect(playground.prompt).toBe(demo.prompt);
    expect(foldLog(playground.log ?? []).items).toEqual(foldLog(demo.log).items);
  });

  it('keeps the files the session started from beside its log, for its replay', () => {
    const bytes = encodeGlassboxFile({ files: demo.files, log: demo.log, startFiles: { 'seed.txt': 'before' } }, { kind: 'session', appVersion: '0.1.0', now: NOW });
    expect(Object.keys(unzipSync(bytes))).toContain('session/start-files.json');
    expect(decodeGlassboxFile(bytes).playground.startFiles).toEqual({ 'seed.txt': 'before' });
  });

  it('never holds a key: the model is rebuilt field by field', () => {
    const secret = 'sk-' + 'live-abcdef0123456789';
    const model = { provider: 'openai', model: 'gpt', apiKey: secret } as unknown as { provider: string; model: string };
    const bytes = encodeGlassboxFile({ files: { 'a.txt': 'a' }, model }, { kind: 'workspace', appVersion: '0.1.0', now: NOW });
    const text = Object.values(unzipSync(bytes)).map((entry) => new TextDecoder().decode(entry)).join('\n');
    expect(text).not.toContain(secret);
    expect(new TextDecoder('latin1').decode(bytes)).not.toContain(secret);
  });

  it('"Download workspace" is a plain zip of the files', () => {
    const zip = unzipSync(workspaceZip({ files: { 'a/b.txt': 'hi', 'c.bin': new Uint8Array([1, 2]) } }, NOW));
    expect(Object.keys(zip).sort()).toEqual(['a/b.txt', 'c.bin']);
    expect(new TextDecoder().decode(zip['a/b.txt'])).toBe('hi');
  });

  it('readSharedBytes opens a .glassbox file and a text holding a share link', () => {
    expect(readSharedBytes(encodeGlassboxFile({ files: { 'a.txt': 'A' } }, { kind: 'workspace', appVersion: '0.1.0' })).files).toEqual({ 'a.txt': 'A' });
    expect(readSharedBytes(strToU8(`see https://g.example/#share=${encodePayload({ prompt: 'go' })}\n`)).prompt).toBe('go');
    expect(() => readSharedBytes(strToU8('just some text'))).toThrow(/neither a \.glassbox file nor a Glassbox share link/);
  });
});

describe('bad files are refused whole, with words', () => {
  it('not a zip, a zip without a manifest, a manifest that is not JSON or not ours', () => {
    expect(refusal(strToU8('hello')).problems).toEqual(['it is not a zip archive']);
    expect(refusal(zipSync({ 'a.txt': strToU8('a') })).problems[0]).toMatch(/no manifest\.json/);
    expect(refusal(zipSync({ 'manifest.json': strToU8('{nope') })).problems).toEqual(['its manifest.json is not JSON']);
    expect(refusal(zipSync({ 'manifest.json': manifest({ format: 'other' }) })).problems[0]).toMatch(/manifest\.json does not read \(format/);
  });

  it('a file from a newer format version', () => {
    expect(refusal(zipSync({ 'manifest.json': manifest({ version: 2 }) })).message).toMatch(/newer version of Glassbox \(file format 2; this version reads format 1\)/);
  });

  it('a truncated file', () => {
    const bytes = encodeGlassboxFile({ files: demo.files, log: demo.log }, { kind: 'session', appVersion: '0.1.0' });
    const error = refusal(bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    expect(error.message).toMatch(/refused|damaged|cut off|manifest/);
  });

  it('a corrupted entry', () => {
    const bytes = encodeGlassboxFile({ files: { 'big.txt': 'lorem ipsum '.repeat(2000) } }, { kind: 'workspace', appVersion: '0.1.0' }).slice();
    // Flip bytes inside the compressed data of the last entry.
    for (let i = bytes.length - 400; i < bytes.length - 300; i++) bytes[i] = (bytes[i] ?? 0) ^ 0xff;
    expect(refusal(bytes).message).toMatch(/refused|damaged/);
  });

  it('a decompression bomb stops at the cap while inflating', () => {
    // 24 MB of zeros, past the 1 MB of files plus the 16 MB slack the reader allows while inflating.
    const bomb = zipSync({ 'manifest.json': manifest(), 'files/bomb.txt': new Uint8Array(24 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(60_000);
    const error = refusal(bomb, { ...SHARE_LIMITS, maxTotalBytes: 1024 * 1024 });
    expect(error.problems[0]).toMatch(/unpacks to more than .*decompression bomb/);
  });

  it('paths that escape or collide, and entries that are not ours', () => {
    const entries: Zippable = {
      'manifest.json': manifest({}, { files: 4, bytes: 4 }),
      'files/../../evil.sh': strToU8('x'),
      'files/src': strToU8('x'),
      'files/src/a.js': strToU8('x'),
      'files/ok.txt': strToU8('x'),
      'other/thing': strToU8('x'),
    };
    const error = refusal(zipSync(entries));
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/leads outside the workspace/),
        expect.stringMatching(/"src" is both a file and the folder/),
        expect.stringMatching(/"other\/thing" is not part of a \.glassbox file/),
      ]),
    );
  });

  it('a huge file list', () => {
    const entries: Zippable = { 'manifest.json': manifest({}, { files: 30, bytes: 0 }) };
    for (let i = 0; i < 30; i++) entries[`files/f${i}`] = new Uint8Array(0);
    expect(refusal(zipSync(entries), { ...SHARE_LIMITS, maxFiles: 20 }).problems[0]).toMatch(/more than 28 entries \(at most 20 files\)/);
  });

  it('a manifest that does not match what is inside (a cut or altered file)', () => {
    expect(refusal(zipSync({ 'manifest.json': manifest({}, { files: 3 }), 'files/a.txt': strToU8('ab') })).problems).toEqual(['the manifest lists 3 files but 1 are inside']);
  });

  it('a damaged session log', () => {
    const error = refusal(zipSync({ 'manifest.json': manifest({}, { files: 0, bytes: 0 }), 'session/log.json': strToU8('{"format":1}') }));
    expect(error.problems).toEqual(['the recorded session does not read as an event log']);
  });
});
