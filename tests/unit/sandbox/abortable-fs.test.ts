import { InMemoryFs } from 'just-bash';
import { describe, expect, it } from 'vitest';
import { abortableFs } from '../../../src/sandbox/abortable-fs';

describe('abortableFs', () => {
  it('passes calls through, handing back what the fs gives (no copies)', async () => {
    const fs = new InMemoryFs();
    await fs.writeFile('/a.txt', new Uint8Array([1, 2, 3]));
    const guarded = abortableFs(fs, new AbortController().signal);
    const bytes = await guarded.readFileBuffer('/a.txt');
    expect(bytes).toBe(await fs.readFileBuffer('/a.txt'));
    expect(guarded.resolvePath('/x', 'y')).toBe('/x/y');
  });

  it('refuses every call once the signal fires, with the signal’s reason', async () => {
    const fs = new InMemoryFs();
    const controller = new AbortController();
    const guarded = abortableFs(fs, controller.signal);
    await guarded.writeFile('/before.txt', 'kept');
    controller.abort(new Error('stopped by Ctrl-C'));
    expect(() => guarded.writeFile('/after.txt', 'lost')).toThrow('stopped by Ctrl-C');
    expect(await fs.exists('/after.txt')).toBe(false);
    expect(await fs.readFile('/before.txt')).toBe('kept');
  });

  it('is the fs itself when there is no signal', () => {
    const fs = new InMemoryFs();
    expect(abortableFs(fs, undefined)).toBe(fs);
  });
});
