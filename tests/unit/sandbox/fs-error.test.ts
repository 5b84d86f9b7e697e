import { describe, expect, it } from 'vitest';
import { errorCode, toSandboxError } from '../../../src/sandbox/fs-error';
import { SandboxError } from '../../../src/sandbox/port';

describe('fs error mapping', () => {
  it('reads the code from the start of a just-bash message', () => {
    const error = toSandboxError(new Error("ENOTEMPTY: directory not empty, rm '/w/d'"), '/w/d');
    expect(error).toBeInstanceOf(SandboxError);
    expect(error.code).toBe('ENOTEMPTY');
    expect(error.path).toBe('/w/d');
    expect(error.message).toBe("ENOTEMPTY: directory not empty, rm '/w/d'");
  });

  it('prefers a code property and keeps SandboxErrors as they are', () => {
    expect(errorCode(Object.assign(new Error('boom'), { code: 'EACCES' }))).toBe('EACCES');
    const original = new SandboxError('EEXIST', 'exists');
    expect(toSandboxError(original)).toBe(original);
  });

  it('falls back to EIO for errors without a code', () => {
    expect(toSandboxError(new Error('something odd')).code).toBe('EIO');
    expect(toSandboxError('a string').code).toBe('EIO');
    expect(errorCode(new Error('Error: ENOENT later in the text'))).toBeUndefined();
  });
});
