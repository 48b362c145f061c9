import {
  ApplicationCommandOptionType,
  MessageFlags,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { listDocuments } from '../catalog.ts';
import { formatDocumentPage, MAX_FILTER_LENGTH, parsePageButton } from '../views/document-page.ts';
import type { SlashCommand } from '../types.ts';
import { interactionWording } from '../locale.ts';
import type { KnowledgeBase } from '../../answer/index.ts';

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

/** The listed documents, with their passage counts from the facets of the index being searched (its retriever). */
async function documentsOf(knowledgeBase: KnowledgeBase, filter: string | null) {
  // Both read in the same tick: the manifest and the facets are of the same index, whatever a reload does meanwhile.
  const { manifest } = knowledgeBase.index();
  const facets = await knowledgeBase.retriever().facets();
  return listDocuments(manifest, filter, facets.documents);
}

/** `/sources [filter]`: the indexed documents, ten per page, with Previous/Next buttons. */
export const sources: SlashCommand = {
  data,
  async execute(interaction, context) {
    const filter = interaction.options.getString('filter');
    const documents = await documentsOf(context.knowledgeBase, filter);
    await interaction.reply({
      ...formatDocumentPage(documents, 0, filter, interactionWording(interaction)),
      flags: MessageFlags.Ephemeral,
    });
  },
  async button(interaction, context, args) {
    const target = parsePageButton(args);
    if (!target) return;
    // Read again on every page: a hot-reloaded index shows up while paging.
    const documents = await documentsOf(context.knowledgeBase, target.filter);
    await interaction.update(
      formatDocumentPage(documents, target.page, target.filter, interactionWording(interaction)),
    );
  },
};
