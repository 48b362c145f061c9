import {
  ApplicationCommandOptionType,
  MessageFlags,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { documentChoices, documentPassages, resolveDocument, resolveSection, sectionChoices } from '../catalog.ts';
import { formatDocument } from '../views/document.ts';
import { formatNotice } from '../views/notice.ts';
import { sourceLinkOf } from '../links.ts';
import type { SlashCommand } from '../types.ts';
import { interactionWording } from '../locale.ts';
import { WORDS } from '../wording.ts';

const data = {
  name: 'source',
  name_localizations: { fr: 'document' },
  description: 'Show an indexed document: its sections, or the passages of one section',
  description_localizations: { fr: 'Afficher un document indexé : ses sections, ou les passages d’une section' },
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'document',
      name_localizations: { fr: 'document' },
      description: 'Start typing a title or a file name',
      description_localizations: { fr: 'Commencez à taper un titre ou un nom de fichier' },
      required: true,
      autocomplete: true,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'section',
      name_localizations: { fr: 'section' },
      description: 'A section of that document',
      description_localizations: { fr: 'Une section de ce document' },
      autocomplete: true,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** `/source document:<autocomplete> [section:<autocomplete>]`. */
export const source: SlashCommand = {
  data,
  async execute(interaction, context) {
    const wording = interactionWording(interaction);
    const words = WORDS[wording];
    const index = context.knowledgeBase.index();
    const requested = interaction.options.getString('document', true);
    const path = resolveDocument(index.manifest, requested);
    if (path === null) {
      await interaction.reply({ ...formatNotice(words.unknownDocument(requested)), flags: MessageFlags.Ephemeral });
      return;
    }
    const passages = documentPassages(index.passages, path);
    const requestedSection = interaction.options.getString('section');
    const section = requestedSection === null ? null : resolveSection(passages, requestedSection, words);
    if (requestedSection !== null && section === null) {
      await interaction.reply({
        ...formatNotice(words.unknownSection(requestedSection)),
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    await interaction.reply({
      ...formatDocument(passages, section, wording, sourceLinkOf(context)),
      flags: MessageFlags.Ephemeral,
    });
  },
  async autocomplete(interaction, context) {
    const index = context.knowledgeBase.index();
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'section') {
      const path = resolveDocument(index.manifest, interaction.options.getString('document') ?? '');
      const passages = path === null ? [] : documentPassages(index.passages, path);
      await interaction.respond(sectionChoices(passages, focused.value, WORDS[interactionWording(interaction)]));
      return;
    }
    await interaction.respond(documentChoices(index.manifest, focused.value));
  },
};
