import type { Interaction, Message } from 'discord.js';
import { questionLanguage } from '../answer/index.ts';
import { wordingForLocale } from './wording.ts';
import type { Language } from '../index/types.ts';

/**
 * The language of a fixed reply to an interaction: the user's Discord language
 * (`interaction.locale`, sent with every interaction, in servers and DMs alike), else the
 * server's preferred locale, else English.
 */
export function interactionWording(interaction: Pick<Interaction, 'locale' | 'guildLocale'>): Language {
  return resolveWording({ userLocale: interaction.locale, guildLocale: interaction.guildLocale });
}

/**
 * The language of a fixed reply to a message. Discord does not send the author's locale with
 * a message: in a server the reply follows the server's preferred locale; in a DM, where there
 * is none, the language the message itself is written in.
 */
export function messageWording(message: Pick<Message, 'guild' | 'content'>): Language {
  return resolveWording({ guildLocale: message.guild?.preferredLocale ?? null, text: message.content });
}

/**
 * The asker's language as Discord's locales give it (the user's, else the server's), for an answer whose question
 * does not tell by its words; undefined when Discord gives none (a message in a DM).
 */
export function askerLanguage(sources: Pick<LocaleSources, 'userLocale' | 'guildLocale'>): Language | undefined {
  const locale = sources.userLocale || sources.guildLocale;
  return locale ? wordingForLocale(locale) : undefined;
}

/** Where a reply's language comes from, most specific first. */
export interface LocaleSources {
  readonly userLocale?: string | null;
  readonly guildLocale?: string | null;
  /** The user's own text, for when Discord gives no locale at all. */
  readonly text?: string;
}

/** The first of user locale, guild locale, language of the text; English when none is known. */
export function resolveWording(sources: LocaleSources): Language {
  const fromLocale = askerLanguage(sources);
  if (fromLocale) return fromLocale;
  const text = sources.text?.trim();
  return text ? questionLanguage(text) : 'en';
}
