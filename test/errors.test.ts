import { describe, expect, it } from 'vitest';
import { CitebotError, fatalErrorText } from '../src/errors.ts';

describe('fatalErrorText', () => {
  it('GIVEN a CitebotError THEN its message alone, which says what to do', () => {
    expect(fatalErrorText(new CitebotError('INDEX_MISSING'))).toBe('No index was found: run `npm run index` first');
  });

  it('GIVEN any other error THEN its stack, naming where it was thrown', () => {
    const text = fatalErrorText(new TypeError('x is undefined'));
    expect(text.startsWith('TypeError: x is undefined\n')).toBe(true);
    expect(text).toContain('errors.test.ts');
  });

  it('GIVEN a thrown non-error THEN its string form', () => {
    expect(fatalErrorText('plain text')).toBe('plain text');
  });
});
