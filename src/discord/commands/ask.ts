import {
  ApplicationCommandOptionType,
  MessageFlags,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { MAX_QUESTION_LENGTH } from '../../answer/index.ts';
import { deliverAnswer, secondsUntilAllowed } from '../asking.ts';
import { handleVoteButton } from '../feedback.ts';
import { sourceLinkOf } from '../links.ts';
import { formatNotice } from '../views/notice.ts';
import { formatSourcePassages } from '../views/source-passages.ts';
import { parseVoteButton } from '../views/vote-buttons.ts';
import { questionInAnswerTitle } from '../messages.ts';
import type { SlashCommand } from '../types.ts';
import { askerLanguage, interactionWording } from '../locale.ts';
import { WORDS } from '../wording.ts';

const data = {
  name: 'ask',
  name_localizations: { fr: 'demander' },
  description: 'Ask a question: the answer quotes the documents, with citations',
  description_localizations: { fr: 'Poser une question : la réponse cite les documents, avec leurs références' },
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'question',
      name_localizations: { fr: 'question' },
      description: 'Your question about the documents',
      description_localizations: { fr: 'Votre question sur les documents' },
      required: true,
      max_length: MAX_QUESTION_LENGTH,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'document',
      name_localizations: { fr: 'document' },
      description: 'Only this document (a file name, path or title; see /sources)',
      description_localizations: { fr: 'Seulement ce document (nom de fichier, chemin ou titre ; voir /sources)' },
      max_length: 200,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'section',
      name_localizations: { fr: 'section' },
      description: 'Only this section (a heading)',
      description_localizations: { fr: 'Seulement cette section (un titre)' },
      max_length: 200,
    },
    {
      type: ApplicationCommandOptionType.Boolean,
      name: 'private',
      name_localizations: { fr: 'privé' },
      description: 'Only you see the answer',
      description_localizations: { fr: 'Vous seul voyez la réponse' },
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/**
 * `/ask question:<text> [document:<name>] [section:<heading>] [private:<bool>]`, and the Sources / Helpful /
 * Not helpful buttons under every answer.
 */
export const ask: SlashCommand = {
  data,
  async execute(interaction, context) {
    const receivedAt = performance.now();
    const wait = secondsUntilAllowed(context, {
      via: 'slash',
      userId: interaction.user.id,
      guildId: interaction.guildId,
    });
    if (wait !== null) {
      await interaction.reply({
        ...formatNotice(WORDS[interactionWording(interaction)].rateLimited(wait)),
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    // Discord drops an interaction not acknowledged within 3 s; answering may take longer.
    const ephemeral = interaction.options.getBoolean('private') ?? false;
    await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    await deliverAnswer(
      context,
      {
        via: 'slash',
        userId: interaction.user.id,
        guildId: interaction.guildId,
        question: interaction.options.getString('question', true),
        document: interaction.options.getString('document') ?? undefined,
        section: interaction.options.getString('section') ?? undefined,
        askerLanguage: askerLanguage({ userLocale: interaction.locale, guildLocale: interaction.guildLocale }),
        receivedAt,
      },
      (body) => interaction.editReply(body),
    );
  },
  async button(interaction, context, args) {
    const vote = parseVoteButton(args);
    if (vote !== null) {
      await handleVoteButton(interaction, context, vote);
      return;
    }
    if (args[0] !== 'sources') return;
    // After a restart the answer is no longer in memory: ask its question again (shown in the title).
    const rememberedAnswer = context.answers.recall(interaction.message.id)?.answer;
    const question = rememberedAnswer ? undefined : questionInAnswerTitle(interaction.message.embeds[0]?.title);
    const answer = rememberedAnswer ?? (question === undefined ? undefined : await context.knowledgeBase.ask(question));
    const [first, ...rest] = answer ? formatSourcePassages(answer, sourceLinkOf(context)) : [];
    if (!first) {
      const words = WORDS[interactionWording(interaction)];
      await interaction.reply({ ...formatNotice(words.answerExpired), flags: MessageFlags.Ephemeral });
      return;
    }
    await interaction.reply({ ...first, flags: MessageFlags.Ephemeral });
    for (const more of rest) await interaction.followUp({ ...more, flags: MessageFlags.Ephemeral });
  },
};
