import {
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  type ChatInputCommandInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BuildProgress } from '../../pipeline/index.ts';
import { interactionWording } from '../locale.ts';
import type { SlashCommand } from '../types.ts';
import { formatNotice } from '../views/notice.ts';
import { formatReindexProgress, formatReindexSummary, type ReindexProgress } from '../views/reindex.ts';
import { WORDS } from '../wording.ts';

const data = {
  name: 'reindex',
  name_localizations: { fr: 'réindexer' },
  description: 'Rebuild the index from the documents folder (incremental); the bot keeps answering',
  description_localizations: {
    fr: 'Reconstruire l’index depuis le dossier des documents (incrémental) ; le bot continue de répondre',
  },
  // Manage Server by default; server admins can change it under Server Settings → Integrations.
  default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
  // Permissions do not apply in DMs, where anyone could otherwise start builds: servers only.
  contexts: [InteractionContextType.Guild],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/**
 * `/reindex`: runs the incremental build in a child process (see `BuildQueue`), edits the
 * reply with progress at most every `context.reindexProgressIntervalMs`, and ends with the
 * build summary once the new index serves. A second `/reindex` meanwhile says one is running.
 */
export const reindex: SlashCommand = {
  data,
  async execute(interaction, context) {
    const wording = interactionWording(interaction);
    if (!interaction.inGuild()) {
      // Discord does not offer the command outside servers (`contexts`); a stale registration might.
      await interaction.reply({ ...formatNotice(WORDS[wording].reindexGuildOnly), flags: MessageFlags.Ephemeral });
      return;
    }
    const progress: ReindexProgress = {};
    const edits = throttledEdits(interaction, context.reindexProgressIntervalMs, () =>
      formatReindexProgress(progress, wording),
    );
    const start = context.builds.start({
      onProgress: (event: BuildProgress) => {
        progress[event.phase] = event;
        edits.request();
      },
    });
    if (!start.started) {
      await interaction.reply({ ...formatNotice(WORDS[wording].reindexBusy), flags: MessageFlags.Ephemeral });
      return;
    }
    context.logger.info({ event: 'reindex_started', userId: interaction.user.id, guildId: interaction.guildId });
    try {
      await interaction.reply({ ...formatReindexProgress(progress, wording), flags: MessageFlags.Ephemeral });
      edits.replied();
      const summary = await start.summary;
      await edits.stop();
      context.logger.info({ event: 'reindex_done', files: summary.files, passages: summary.passages });
      await interaction.editReply(formatReindexSummary(summary, wording));
    } finally {
      // A failed reply or build: no progress edit may follow the dispatcher's error message.
      await edits.stop();
      await start.summary.catch(() => undefined);
    }
  },
};

/**
 * Edits of the reply with the latest progress, never closer together than `intervalMs`,
 * the last request always shown (unless stopped first): Discord rate-limits edits, and a
 * number changing ten times a second helps nobody.
 */
function throttledEdits(
  interaction: ChatInputCommandInteraction,
  intervalMs: number,
  body: () => ReturnType<typeof formatReindexProgress>,
) {
  let lastEditAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let pending = false;
  let canEdit = false;
  let stopped = false;
  let inFlight: Promise<unknown> = Promise.resolve();
  const edit = () => {
    timer = undefined;
    if (stopped || !pending) return;
    pending = false;
    lastEditAt = Date.now();
    inFlight = interaction.editReply(body()).catch(() => undefined);
  };
  const schedule = () => {
    if (timer || stopped || !canEdit || !pending) return;
    timer = setTimeout(edit, Math.max(0, lastEditAt + intervalMs - Date.now()));
  };
  return {
    request() {
      pending = true;
      schedule();
    },
    /** The first reply is sent: edits may start, the interval counted from it. */
    replied() {
      canEdit = true;
      lastEditAt = Date.now();
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
