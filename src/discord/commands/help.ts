import { MessageFlags, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { formatHelp } from '../views/help.ts';
import type { SlashCommand } from '../types.ts';
import { wordingForLocale } from '../wording.ts';

const data = {
  name: 'help',
  description: 'What this bot does and which documents it serves',
  description_localizations: { fr: 'Ce que fait ce bot et quels documents il sert' },
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** `/help`: usage, and the index being served (documents, passages, build time, model). */
export const help: SlashCommand = {
  data,
  async execute(interaction, context) {
    await interaction.reply({
      ...formatHelp(context.knowledgeBase.index().manifest, wordingForLocale(interaction.locale)),
      flags: MessageFlags.Ephemeral,
    });
  },
};
