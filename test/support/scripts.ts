import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(projectRoot, 'node_modules/.bin/tsx');
const run = promisify(execFile);

/**
 * Runs `scripts/<script>` as `npm run` would, but with settings from `env` only: the child gets
 * PATH and `env`, nothing of the developer's shell, and runs in `cwd` (a temporary folder, not
 * the project), where there is no `.env` for the configuration to read. Rejects on a non-zero exit.
 */
export function runProjectScript(
  script: string,
  args: readonly string[],
  options: { readonly env: Readonly<Record<string, string>>; readonly cwd: string },
): Promise<{ stdout: string; stderr: string }> {
  return run(tsx, [path.join(projectRoot, 'scripts', script), ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
  });
}
