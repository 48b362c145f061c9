import type { BuildProgress, BuildSummary } from '../../pipeline/index.ts';
import { escapeDocumentText } from '../escape.ts';
import { DISCORD_LIMITS } from '../limits.ts';
import { WORDS } from '../wording.ts';
import { COLOR_ANSWERED, COLOR_INFO, joinLines, NO_MENTIONS, type MessageBody } from './message.ts';
import type { Language } from '../../index/types.ts';

/** What a build has reported so far: the last event of each phase. */
export type ReindexProgress = Partial<Record<BuildProgress['phase'], BuildProgress>>;

/** The `/reindex` reply while the build runs: files read n/m, passages embedded n/m, writing. */
export function formatReindexProgress(progress: ReindexProgress, wording: Language): MessageBody {
  const words = WORDS[wording];
  const lines = [
    ...(progress.read ? [words.reindexFiles(progress.read.done, progress.read.total)] : []),
    ...(progress.embed ? [words.reindexEmbedded(progress.embed.done, progress.embed.total)] : []),
    ...(progress.persist ? [words.reindexSaving] : []),
  ];
  return {
    embeds: [
      {
        description: joinLines([words.reindexRunning, '', ...lines], DISCORD_LIMITS.embedDescription),
        color: COLOR_INFO,
      },
    ],
    components: [],
    allowedMentions: NO_MENTIONS,
  };
}

/** The `/reindex` reply once the build is done and serving: the build summary. */
export function formatReindexSummary(summary: BuildSummary, wording: Language): MessageBody {
  const words = WORDS[wording];
  const lines = [
    words.reindexDone(
      summary.files,
      summary.passages,
      (summary.durationMs / 1000).toFixed(1),
      summary.mode === 'hybrid' ? 'hybrid' : words.fullTextOnly,
    ),
    words.reindexChanges(
      summary.addedFiles,
      summary.updatedFiles,
      summary.reusedFiles,
      summary.removedFiles,
      summary.skipped.length,
    ),
    ...(summary.mode === 'hybrid' ? [words.reindexEmbeddedCount(summary.embeddedPassages)] : []),
    ...(summary.fullRebuildReason ? [words.reindexFullRebuild(summary.fullRebuildReason)] : []),
    ...summary.skipped.map((skipped) =>
      escapeDocumentText(words.reindexSkipped(skipped.path, `${skipped.reason} [${skipped.code}]`)),
    ),
  ];
  return {
    embeds: [{ description: joinLines(lines, DISCORD_LIMITS.embedDescription), color: COLOR_ANSWERED }],
    components: [],
    allowedMentions: NO_MENTIONS,
  };
}
