import {
  ApplicationCommandOptionType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { buildGapsReport, DEFAULT_GAPS_DAYS, gapsSince, renderGapsMarkdown } from '../../feedback/gaps.ts';
import { sourceLinkOf } from '../links.ts';
import type { SlashCommand } from '../types.ts';
import { formatNotice } from '../views/notice.ts';
import { interactionWording } from '../locale.ts';
import { WORDS } from '../wording.ts';

// Well under the smallest attachment limit Discord has (10 MB for bots on any server).
const MAX_ATTACHMENT_CHARACTERS = 1_000_000;

const data = {
  name: 'gaps',
  name_localizations: { fr: 'lacunes' },
  description: 'Questions the documents did not answer, and answers voted not helpful (a Markdown file)',
  description_localizations: {
    fr: 'Questions sans réponse dans les documents, et réponses jugées pas utiles (un fichier Markdown)',
  },
  // Manage Server by default; server admins can change who may use it under Integrations.
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'days',
      name_localizations: { fr: 'jours' },
      description: `How many days to look back (default ${DEFAULT_GAPS_DAYS})`,
      description_localizations: { fr: `Nombre de jours à remonter (${DEFAULT_GAPS_DAYS} par défaut)` },
      min_value: 1,
      max_value: 3650,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/**
 * `/gaps [days]`: the knowledge-gaps report of this server as a Markdown attachment, seen
 * only by the one who asked (it quotes members' questions).
 */
export const gaps: SlashCommand = {
  data,
  async execute(interaction, context) {
    const language = interactionWording(interaction);
    const words = WORDS[language];
    const reply = (text: string) => interaction.reply({ ...formatNotice(text), flags: MessageFlags.Ephemeral });
    if (!context.feedback) {
      await reply(words.feedbackOff);
      return;
    }
    if (!interaction.inGuild()) {
      await reply(words.gapsGuildOnly);
      return;
    }
    const days = interaction.options.getInteger('days') ?? DEFAULT_GAPS_DAYS;
    const now = new Date();
    const report = buildGapsReport(context.feedback.judgedAnswers(gapsSince(days, now)), {
      days,
      now,
      guildId: interaction.guildId,
    });
    const linkOf = sourceLinkOf(context);
    const markdown = renderGapsMarkdown(report, {
      language,
      linkOf,
      maxLength: MAX_ATTACHMENT_CHARACTERS,
    });
    await interaction.reply({
      ...formatNotice(words.gapsSummary(days, report.uncoveredQuestions, report.unhelpfulAnswers)),
      files: [
        { attachment: Buffer.from(markdown, 'utf8'), name: `knowledge-gaps-${now.toISOString().slice(0, 10)}.md` },
      ],
      flags: MessageFlags.Ephemeral,
    });
  },
};
