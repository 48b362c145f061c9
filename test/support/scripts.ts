import { execFile, spawn } from 'node:child_process';
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

/**
 * Starts `scripts/<script>` like {@link runProjectScript} (settings from `env` only, in `cwd`) and resolves once a line
 * of its stdout matches `ready`, with the match; `stop` ends it (SIGTERM to its pid) and waits for its exit. Rejects
 * when it exits before it is ready, with its stderr.
 */
export async function startProjectScript(
  script: string,
  args: readonly string[],
  options: { readonly env: Readonly<Record<string, string>>; readonly cwd: string; readonly ready: RegExp },
): Promise<{ readonly match: RegExpMatchArray; stop(): Promise<void> }> {
  const child = spawn(tsx, [path.join(projectRoot, 'scripts', script), ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const found = stdout.match(options.ready);
      if (found) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready:\n${stderr}`)));
  });
  return { match, stop };
}
