import { MessageFlags, type Interaction, type Message, type RepliableInteraction } from 'discord.js';
import { isCitebotError } from '../errors.ts';
import type { MessageBody } from './views/message.ts';
import { formatNotice } from './views/notice.ts';
import type { BotContext, SlashCommand } from './types.ts';
import { interactionWording, messageWording } from './locale.ts';
import { errorWording, WORDS, type Words } from './wording.ts';
import type { Language } from '../index/types.ts';

/** Where a failure happened, for the log line. */
interface HandlerScope {
  readonly kind: 'command' | 'autocomplete' | 'button' | 'message';
  readonly name: string;
  readonly userId: string;
  readonly guildId: string | null;
  /** The language of the reply. */
  readonly wording: Language;
}

/**
 * The single place where handler failures end: logged with their context, and answered
 * with a short message in the user's language (a known CitebotError code gets its own
 * sentence). Nothing thrown by a handler reaches discord.js or the process.
 */
async function guard(
  context: BotContext,
  scope: HandlerScope,
  work: () => Promise<void>,
  tellUser: (body: MessageBody) => Promise<unknown>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    const code = isCitebotError(error) ? error.code : (error as { code?: unknown } | null)?.code;
    const expected = isCitebotError(error) && error.code.startsWith('QUESTION_');
    context.logger[expected ? 'info' : 'error'](
      { event: 'handler_failed', ...scope, code, err: error },
      `${scope.kind} ${scope.name} failed`,
    );
    const words = WORDS[scope.wording];
    const text = (isCitebotError(error) && errorWording(words, error.code)) || words.failure;
    await tellUser(formatNotice(text)).catch((replyError: unknown) =>
      context.logger.warn(
        { event: 'error_reply_failed', ...scope, err: replyError },
        'could not tell the user about the failure',
      ),
    );
  }
}

/** Routes slash commands, autocomplete and buttons (`<command>:<args…>`) to their command. */
export function createInteractionHandler(
  commands: readonly SlashCommand[],
  context: BotContext,
): (interaction: Interaction) => Promise<void> {
  const byName = new Map(commands.map((command) => [command.data.name, command]));
  return async (interaction) => {
    const scope = {
      userId: interaction.user.id,
      guildId: interaction.guildId,
      wording: interactionWording(interaction),
    };
    if (interaction.isChatInputCommand()) {
      const command = byName.get(interaction.commandName);
      if (!command) {
        await answerUnknown(context, interaction, `/${interaction.commandName}`, (words) =>
          words.unknownCommand(interaction.commandName),
        );
        return;
      }
      await guard(
        context,
        { ...scope, kind: 'command', name: interaction.commandName },
        () => command.execute(interaction, context),
        (body) =>
          interaction.deferred || interaction.replied
            ? interaction.editReply(body)
            : interaction.reply({ ...body, flags: MessageFlags.Ephemeral }),
      );
    } else if (interaction.isAutocomplete()) {
      const command = byName.get(interaction.commandName);
      // An autocomplete cannot show a message: an empty list is the only answer left.
      if (!command?.autocomplete) {
        await interaction
          .respond([])
          .catch((error: unknown) => logReplyFailure(context, interaction.commandName, error));
        return;
      }
      const autocomplete = command.autocomplete.bind(command);
      await guard(
        context,
        { ...scope, kind: 'autocomplete', name: interaction.commandName },
        () => autocomplete(interaction, context),
        () => (interaction.responded ? Promise.resolve() : interaction.respond([])),
      );
    } else if (interaction.isButton()) {
      const [name = '', ...args] = interaction.customId.split(':');
      const command = byName.get(name);
      if (!command?.button) {
        await answerUnknown(context, interaction, interaction.customId, (words) => words.unknownComponent);
        return;
      }
      const button = command.button.bind(command);
      await guard(
        context,
        { ...scope, kind: 'button', name: interaction.customId },
        () => button(interaction, context, args),
        (body) =>
          interaction.deferred || interaction.replied
            ? interaction.followUp({ ...body, flags: MessageFlags.Ephemeral })
            : interaction.reply({ ...body, flags: MessageFlags.Ephemeral }),
      );
      // A command that does not recognise the rest of the id (e.g. from an older version) answers nothing.
      if (!interaction.deferred && !interaction.replied)
        await answerUnknown(context, interaction, interaction.customId, (words) => words.unknownComponent);
    } else if (interaction.isRepliable()) {
      // Select menus and modals: the bot sends none today, so one comes from an older version of it.
      const name =
        interaction.isMessageComponent() || interaction.isModalSubmit() ? interaction.customId : 'interaction';
      await answerUnknown(context, interaction, name, (words) => words.unknownComponent);
    }
  };
}

// A command or component the bot does not (or no longer) have: Discord would show "interaction failed"
// to a silence, so the user gets a private note saying so.
async function answerUnknown(
  context: BotContext,
  interaction: RepliableInteraction,
  name: string,
  text: (words: Words) => string,
): Promise<void> {
  context.logger.info(
    {
      event: 'unknown_interaction',
      type: interaction.type,
      name,
      userId: interaction.user.id,
      guildId: interaction.guildId,
    },
    `unknown ${name}`,
  );
  await interaction
    .reply({ ...formatNotice(text(WORDS[interactionWording(interaction)])), flags: MessageFlags.Ephemeral })
    .catch((error: unknown) => logReplyFailure(context, name, error));
}

function logReplyFailure(context: BotContext, name: string, error: unknown): void {
  context.logger.warn({ event: 'error_reply_failed', name, err: error }, 'could not tell the user about the failure');
}

/** Wraps the message handler in the same guard, answering failures as a reply. */
export function createMessageHandler(
  handle: (message: Message) => Promise<void>,
  context: BotContext,
): (message: Message) => Promise<void> {
  return (message) =>
    guard(
      context,
      {
        kind: 'message',
        name: message.inGuild() ? 'mention' : 'dm',
        userId: message.author.id,
        guildId: message.guildId,
        wording: messageWording(message),
      },
      () => handle(message),
      (body) => message.reply(body),
    );
}
