import { MessageFlags, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { formatHelp } from '../views/help.ts';
import type { SlashCommand } from '../types.ts';
import { interactionWording } from '../locale.ts';

const data = {
  name: 'help',
  name_localizations: { fr: 'aide' },
  description: 'What this bot does and which documents it serves',
  description_localizations: { fr: 'Ce que fait ce bot et quels documents il sert' },
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** `/help`: usage, and the index being served (documents, passages, build time, model). */
export const help: SlashCommand = {
  data,
  async execute(interaction, context) {
    await interaction.reply({
      ...formatHelp(context.knowledgeBase.index().manifest, interactionWording(interaction)),
      flags: MessageFlags.Ephemeral,
    });
  },
};
