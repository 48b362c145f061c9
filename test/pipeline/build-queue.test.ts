import { describe, expect, it } from 'vitest';
import { BuildQueue } from '../../src/pipeline/build-process.ts';
import type { BuildSummary } from '../../src/pipeline/index.ts';

/** A build that finishes when the test says so. */
function controlledBuilds() {
  const pending: Array<(summary: BuildSummary) => void> = [];
  let started = 0;
  const build = () =>
    new Promise<BuildSummary>((resolve) => {
      started += 1;
      pending.push(resolve);
    });
  const finishNext = (files: number) => pending.shift()?.({ files } as unknown as BuildSummary);
  return { build, finishNext, started: () => started };
}

describe('BuildQueue', () => {
  it('GIVEN a build running THEN start says busy, and the next start after it runs', async () => {
    const builds = controlledBuilds();
    const queue = new BuildQueue(builds.build);
    const first = queue.start();
    expect(first.started).toBe(true);
    expect(queue.start()).toEqual({ started: false, reason: 'busy' });
    builds.finishNext(1);
    await (first.started ? first.summary : undefined);
    expect(queue.busy).toBe(false);
    expect(queue.start().started).toBe(true);
    expect(builds.started()).toBe(2);
  });

  it('GIVEN several changes during a build THEN startOrQueue makes one more build after it, not one each', async () => {
    const builds = controlledBuilds();
    const queue = new BuildQueue(builds.build);
    const first = queue.startOrQueue();
    const again = [queue.startOrQueue(), queue.startOrQueue(), queue.startOrQueue()];
    builds.finishNext(1);
    expect(await first).toMatchObject({ files: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(builds.started()).toBe(2);
    builds.finishNext(2);
    for (const summary of await Promise.all(again)) expect(summary).toMatchObject({ files: 2 });
    await queue.idle();
    expect(builds.started()).toBe(2);
  });
});
