import {
  ApplicationCommandOptionType,
  MessageFlags,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { listDocuments } from '../catalog.ts';
import { formatDocumentPage, MAX_FILTER_LENGTH, parsePageButton } from '../views/document-page.ts';
import type { SlashCommand } from '../types.ts';
import { interactionWording } from '../locale.ts';

const data = {
  name: 'sources',
  name_localizations: { fr: 'sources' },
  description: 'List the indexed documents',
  description_localizations: { fr: 'Lister les documents indexés' },
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'filter',
      name_localizations: { fr: 'filtre' },
      description: 'Only documents whose title or path contains this',
      description_localizations: { fr: 'Seulement les documents dont le titre ou le chemin contient ce texte' },
      max_length: MAX_FILTER_LENGTH,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** `/sources [filter]`: the indexed documents, ten per page, with Previous/Next buttons. */
export const sources: SlashCommand = {
  data,
  async execute(interaction, context) {
    const filter = interaction.options.getString('filter');
    const documents = listDocuments(context.knowledgeBase.index().manifest, filter);
    await interaction.reply({
      ...formatDocumentPage(documents, 0, filter, interactionWording(interaction)),
      flags: MessageFlags.Ephemeral,
    });
  },
  async button(interaction, context, args) {
    const target = parsePageButton(args);
    if (!target) return;
    // Read again on every page: a hot-reloaded index shows up while paging.
    const documents = listDocuments(context.knowledgeBase.index().manifest, target.filter);
    await interaction.update(
      formatDocumentPage(documents, target.page, target.filter, interactionWording(interaction)),
    );
  },
};
