import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { stopwords as frenchStopwords } from '@orama/stopwords/french';

/**
 * Whether a message posted in an auto-answer channel is worth answering. The rule (README
 * "Help channels and forums"):
 *
 * 1. fewer than two words → left alone (`help`, `up`, `+1`, an emoji);
 * 2. nothing but social words and function words → left alone (greetings, thanks,
 *    acknowledgements, laughter: `merci beaucoup !`, `hello everyone`, `ok got it`);
 * 3. a question mark, an interrogative opening (`how …`, `comment …`, `est-ce que …`) or a
 *    French subject inversion (`peut-on`, `faut-il`) → a question;
 * 4. otherwise, a message of at least three content words that does not open with thanks
 *    or an acknowledgement is a problem described without a question mark
 *    (`the build fails with error E42 on Windows`) → answered; shorter ones are chat.
 *
 * Words are counted after removing mentions, custom emoji, URLs and code. The word lists are
 * closed classes of the two languages (function words, question words, social formulas),
 * not examples: a content word never decides on its own that a message is chat.
 */
export type ChatMessageKind =
  { readonly kind: 'question' } | { readonly kind: 'chat'; readonly reason: 'too-short' | 'social' | 'no-question' };

/** Formulas of greeting, thanks, apology, agreement, laughter and address, French and English. */
const SOCIAL_WORDS = new Set(
  (
    'hi hello hey hiya yo howdy greetings morning evening afternoon night good bye goodbye cya see later welcome ' +
    'thanks thank thx ty tysm cheers appreciated appreciate much lot lots many very really so great awesome nice ' +
    'cool perfect excellent amazing wonderful brilliant super ok okay k kk alright right sure yes yeah yep yup no ' +
    'nope nah fine got gotcha understood noted agreed indeed exactly true lol lmao haha hahaha hehe xd omg wow ' +
    'oh ah ahh oops sorry apologies pardon please pls plz everyone everybody all guys folks people team friends ' +
    'bonjour bonsoir salut coucou hello re bienvenue merci mercii remerciements beaucoup bcp infiniment grand ' +
    'vraiment trop très tres bien super génial genial parfait excellent top nickel cool ok oui ouais ouep non nan ' +
    'd accord daccord dac entendu compris noté note exact exactement vrai mdr ptdr lol haha oh ah oups pardon ' +
    'désolé desole désolée desolee excusez excuse svp stp plait plaît tout monde tous toutes gens équipe equipe ' +
    'bonne bon journée journee soirée soiree nuit week end weekend à plus tard bientôt bientot ciao'
  ).split(/\s+/u),
);
/** Words that make a message a reply to someone rather than a request when it opens with them. */
const ACKNOWLEDGEMENT_OPENERS = new Set(
  'thanks thank thx ty tysm cheers ok okay great perfect awesome nice cool merci parfait super génial genial top nickel ok'.split(
    ' ',
  ),
);
/** Question words and auxiliaries that open a question. */
const INTERROGATIVE_OPENERS = new Set(
  (
    'how what why where when who whom whose which can could may might should shall would will is are am was were ' +
    'do does did has have had any anyone anybody ' +
    'comment pourquoi où ou quand qui quoi que qu quel quelle quels quelles combien lequel laquelle lesquels lesquelles ' +
    'est-ce peut-on puis-je dois-je faut-il existe-t-il'
  ).split(/\s+/u),
);
const FUNCTION_WORDS = new Set([
  ...englishStopwords,
  ...frenchStopwords,
  // Elided and short forms the stop-word lists spell out in full.
  ..."a l d j m n s t c qu i im i'm it's its dont don't can't cannot ça ca cela ceci y là".split(' '),
]);
/** `peut-on`, `faut-il`, `a-t-elle`: a verb with its subject pronoun after it. */
const FRENCH_INVERSION = /^\p{L}+-(?:t-)?(?:je|tu|il|elle|on|nous|vous|ils|elles)$/u;

const MENTION_OR_EMOJI = /<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>/gu;
const URL = /\bhttps?:\/\/\S+/giu;
const CODE = /```[\s\S]*?```|`[^`\n]*`/gu;
const QUESTION_MARK = /[?？¿]/u;
const WORD = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;

/** Decides whether a message in an auto-answer channel is a question (see the rule above). */
export function classifyChatMessage(content: string): ChatMessageKind {
  const withoutMentions = content.replace(MENTION_OR_EMOJI, ' ');
  const prose = withoutMentions.replace(CODE, ' ').replace(URL, ' ');
  // Code or a link counts as one content word: it is what the message is about.
  const codeOrLinks = prose !== withoutMentions ? 1 : 0;
  // Apostrophes split elisions (`j'ai`, `qu'est`) so that each part is looked up on its own.
  const words = prose.toLowerCase().replace(/['’]/gu, ' ').match(WORD) ?? [];
  if (words.length + codeOrLinks < 2) return { kind: 'chat', reason: 'too-short' };
  const meaningful = words.filter((word) => !SOCIAL_WORDS.has(word) && !FUNCTION_WORDS.has(word)).length + codeOrLinks;
  if (meaningful === 0) return { kind: 'chat', reason: 'social' };
  // A greeting before the question (`hi, how do I…`) does not hide its opening word.
  const opener = words.find((word) => !SOCIAL_WORDS.has(word));
  const asks =
    QUESTION_MARK.test(prose) ||
    (opener !== undefined && INTERROGATIVE_OPENERS.has(opener)) ||
    words.some((word) => FRENCH_INVERSION.test(word));
  if (asks) return { kind: 'question' };
  const repliesToSomeone = ACKNOWLEDGEMENT_OPENERS.has(words[0] ?? '');
  return meaningful >= 3 && !repliesToSomeone ? { kind: 'question' } : { kind: 'chat', reason: 'no-question' };
}
