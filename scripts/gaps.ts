/**
 * `npm run gaps -- [--days N] [--guild ID] [--language en|fr]`: the knowledge-gaps report
 * (questions the documents did not cover, answers voted not helpful, grouped by the nearest
 * document and section, most frequent first) as Markdown on stdout — what `/gaps` attaches.
 * Reads FEEDBACK_DIR without writing to it, so it can run next to the bot.
 */
import { createSourceLinker } from '../src/answer/links.ts';
import { loadConfig } from '../src/config.ts';
import { CitebotError, runCommand } from '../src/errors.ts';
import { buildGapsReport, DEFAULT_GAPS_DAYS, gapsSince, renderGapsMarkdown } from '../src/feedback/gaps.ts';
import { readJudgedAnswers } from '../src/feedback/store.ts';
import { loadIndex } from '../src/index/index.ts';
import { parseCommandLine } from './cli.ts';

const USAGE = `npm run gaps -- [--days N (default ${DEFAULT_GAPS_DAYS})] [--guild SERVER_ID] [--language en|fr]`;

runCommand(async () => {
  const { values } = parseCommandLine(
    process.argv.slice(2),
    { days: { type: 'string' }, guild: { type: 'string' }, language: { type: 'string' } },
    USAGE,
  );
  const days = values.days === undefined ? DEFAULT_GAPS_DAYS : Number(values.days);
  if (!Number.isInteger(days) || days < 1)
    throw new CitebotError('USAGE', `--days must be a whole number of days, at least 1\nUsage: ${USAGE}`);
  const language = values.language ?? 'en';
  if (language !== 'en' && language !== 'fr')
    throw new CitebotError('USAGE', `--language must be en or fr\nUsage: ${USAGE}`);
  const config = loadConfig();
  if (config.feedback === null)
    throw new CitebotError('USAGE', 'FEEDBACK_ENABLED is false: no questions or votes are recorded');
  const now = new Date();
  const answers = await readJudgedAnswers(config.feedback.dir, gapsSince(days, now));
  const report = buildGapsReport(answers, { days, now, guildId: values.guild });
  // Links need the index; without one the report is the same, without links.
  const index = await loadIndex(config.indexPath).catch(() => null);
  const linkOf = index === null ? undefined : createSourceLinker(index, config.links);
  process.stdout.write(renderGapsMarkdown(report, { language, ...(linkOf ? { linkOf } : {}) }));
});
