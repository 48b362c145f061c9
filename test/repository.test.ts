import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Tracked text files (fixtures and binary files left out). */
function trackedTextFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' })
    .split('\0')
    .filter((path) => path !== '' && !path.startsWith('test/fixtures/'))
    .filter((path) => /\.(?:ts|js|json|md|txt|jsonl|sh|ya?ml)$|^\.ci\/|^\.[a-z]+rc$/u.test(path));
}

describe('repository', () => {
  it('GIVEN every tracked text file THEN none holds a merge-conflict marker (Prettier and ESLint pass Markdown with one)', () => {
    const marked = trackedTextFiles().filter((path) => /^(?:<{7}|>{7}) /mu.test(readFileSync(path, 'utf8')));
    expect(marked).toEqual([]);
  });
});
