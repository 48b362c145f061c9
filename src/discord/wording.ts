import { ANSWER_WORDS } from '../answer/index.ts';
import type { ErrorCode } from '../errors.ts';
import type { Language } from '../index/types.ts';

/** French for any French Discord locale (or answer language), English otherwise. */
export function wordingForLocale(locale: string | null | undefined): Language {
  return locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** Every sentence the bot writes itself, in both languages. */
export const WORDS = {
  en: {
    sources: 'Sources',
    sourcesContinued: 'Sources (continued)',
    notCovered: ANSWER_WORDS.en.notCovered,
    askInLanguage: ANSWER_WORDS.en.askInLanguage,
    unmentioned: ANSWER_WORDS.en.unmentioned,
    unnamed: ANSWER_WORDS.en.unnamed,
    nearest: ANSWER_WORDS.en.nearest,
    trimmed: '*Answer shortened: the **Sources** button shows the full passages.*',
    moreSources: (count: number) => `… and ${count} more`,
    lines: ANSWER_WORDS.en.lines,
    followUp: (question: string) => `Follow-up to: ${question}`,
    answerExpired: 'This answer is too old for its sources to be shown: ask the question again.',
    helpful: 'Helpful',
    unhelpful: 'Not helpful',
    voteRecorded: (helpful: boolean) =>
      helpful
        ? 'Thanks! Your vote is recorded: **helpful**.'
        : 'Thanks! Your vote is recorded: **not helpful**. The documentation team will see this question in `/gaps`.',
    voteChanged: (helpful: boolean) => `Your vote is changed to **${helpful ? 'helpful' : 'not helpful'}**.`,
    voteUnchanged: (helpful: boolean) =>
      `You already voted **${helpful ? 'helpful' : 'not helpful'}** on this answer (the other button changes your vote).`,
    voteUnknownAnswer: (days: number) =>
      `Votes cannot be recorded on this answer: it was given before feedback was recorded, ` +
      `or more than ${days} days ago (the votes kept). Ask the question again to vote on ` +
      `a fresh answer.`,
    feedbackOff:
      'Feedback is turned off on this bot (FEEDBACK_ENABLED=false): votes and knowledge gaps are not recorded.',
    gapsSummary: (days: number, uncovered: number, unhelpful: number) =>
      `Knowledge gaps of the last ${days} day${days === 1 ? '' : 's'}: ${uncovered} question${uncovered === 1 ? '' : 's'} ` +
      `not covered, ${unhelpful} answer${unhelpful === 1 ? '' : 's'} voted not helpful. ` +
      `The list is attached.`,
    gapsGuildOnly: 'Use `/gaps` in a server: it reports the questions asked in that server.',
    rateLimited: (seconds: number) =>
      `You are asking a lot of questions: please wait ${seconds} s before the next one.`,
    failure: 'Something went wrong while answering. Please try again in a moment.',
    unknownCommand: (name: string) =>
      `Unknown command “/${name}”: this bot does not have it (any more). \`/help\` shows what it does.`,
    unknownComponent:
      'This button or menu no longer works (the bot was updated since this message was sent): ask again, e.g. with `/ask`.',
    errors: {
      QUESTION_EMPTY: 'Ask a question in words, e.g. “@citebot what does the agreement cover?” or `/ask`.',
      QUESTION_TOO_LONG: 'This question is too long: please keep it under 1,000 characters.',
      FILTER_NO_MATCH: 'No indexed document or section has that name: `/sources` lists the documents.',
      INDEX_MISSING: 'No documents are indexed yet: the bot owner must run `npm run index`.',
      INDEX_CORRUPT: 'The document index is unusable right now: the bot owner must rebuild it.',
      INDEX_FORMAT_MISMATCH: 'The document index is unusable right now: the bot owner must rebuild it.',
      INDEX_MODEL_MISMATCH: 'The document index is unusable right now: the bot owner must rebuild it.',
      MODEL_UNAVAILABLE: 'The search model is unavailable right now. Please try again later.',
      BUILD_FAILED: 'The index build failed: the bot keeps answering from the previous index. See the bot’s logs.',
      CORPUS_MISSING: 'The corpus folder does not exist: check CORPUS_DIR on the bot’s host.',
      CORPUS_EMPTY: 'The corpus folder has no supported documents (.txt, .md, .html, .pdf).',
      CORPUS_UNREADABLE: 'The corpus folder cannot be read: check its permissions on the bot’s host.',
    } satisfies Partial<Record<ErrorCode, string>>,
    documentsTitle: (count: number) => `Indexed documents (${count})`,
    documentsFiltered: (count: number, filter: string) => `Indexed documents matching “${filter}” (${count})`,
    noDocuments: 'No indexed document matches.',
    documentLine: (passages: number, indexedAt: string) =>
      `${passages} passage${passages === 1 ? '' : 's'} · indexed ${indexedAt}`,
    page: (page: number, pages: number) => `Page ${page} / ${pages}`,
    previous: 'Previous',
    next: 'Next',
    unknownDocument: (name: string) => `No indexed document matches “${name}”. Start typing to pick one from the list.`,
    unknownSection: (name: string) => `This document has no section “${name}”.`,
    sectionsTitle: 'Sections',
    wholeDocument: '(no heading)',
    passagesCount: (count: number) => `${count} passage${count === 1 ? '' : 's'}`,
    morePassages: (count: number) =>
      `${count} more passage${count === 1 ? '' : 's'} not shown: pick a section to narrow down.`,
    helpTitle: 'citebot',
    helpDescription:
      'I answer questions about a collection of documents by **quoting them word for word**, with numbered citations ' +
      '(document · section · lines). I never write an answer of my own: when the documents do not cover a question, I say so and show the nearest passages.',
    helpUsage:
      '`/ask question:` ask a question (`private: True` to see the answer alone)\n' +
      '`@citebot question` in a channel, or a direct message\n' +
      'Reply to one of my answers to ask a follow-up question\n' +
      '`/sources` list the documents · `/source` read a document\n' +
      'The **Sources** button under an answer shows the full passages.\n' +
      'In the help channels and forums I am set to watch, I answer questions by myself (in a thread or in the post)\n' +
      '`/reindex` rebuilds the index from the documents (members with Manage Server)',
    helpUsageTitle: 'How to ask',
    helpIndexTitle: 'Index',
    helpIndex: (documents: number, passages: number, builtAt: string, model: string) =>
      `${documents} documents · ${passages} passages\nBuilt ${builtAt}\nSearch: ${model}`,
    fullTextOnly: 'full-text only (no embedding model)',
    reindexRunning: 'Rebuilding the index… The bot keeps answering from the current one meanwhile.',
    reindexFiles: (done: number, total: number) => `Files read: ${done}/${total}`,
    reindexEmbedded: (done: number, total: number) => `Passages embedded: ${done}/${total}`,
    reindexSaving: 'Writing the index…',
    reindexBusy: 'An index build is already running: wait for it to finish, then try again.',
    reindexGuildOnly: '`/reindex` works only in a server, for members allowed to manage it.',
    reindexDone: (files: number, passages: number, seconds: string, mode: string) =>
      `Index rebuilt: ${files} documents, ${passages} passages, in ${seconds} s (${mode}). Questions are now answered from it.`,
    reindexChanges: (added: number, updated: number, reused: number, removed: number, skipped: number) =>
      `Files: ${added} added, ${updated} updated, ${reused} unchanged, ${removed} removed, ${skipped} skipped.`,
    reindexEmbeddedCount: (count: number) => `Passages embedded: ${count} (the others kept their vectors).`,
    reindexFullRebuild: (reason: string) => `Rebuilt from scratch: ${reason}.`,
    reindexSkipped: (path: string, reason: string) => `Skipped ${path}: ${reason}`,
  },
  fr: {
    sources: 'Sources',
    sourcesContinued: 'Sources (suite)',
    notCovered: ANSWER_WORDS.fr.notCovered,
    askInLanguage: ANSWER_WORDS.fr.askInLanguage,
    unmentioned: ANSWER_WORDS.fr.unmentioned,
    unnamed: ANSWER_WORDS.fr.unnamed,
    nearest: ANSWER_WORDS.fr.nearest,
    trimmed: '*Réponse abrégée : le bouton **Sources** montre les passages complets.*',
    moreSources: (count: number) => `… et ${count} de plus`,
    lines: ANSWER_WORDS.fr.lines,
    followUp: (question: string) => `Suite de : ${question}`,
    answerExpired: 'Cette réponse est trop ancienne pour en montrer les sources : posez la question à nouveau.',
    helpful: 'Utile',
    unhelpful: 'Pas utile',
    voteRecorded: (helpful: boolean) =>
      helpful
        ? 'Merci ! Votre vote est enregistré : **utile**.'
        : 'Merci ! Votre vote est enregistré : **pas utile**. L’équipe de la documentation verra cette question dans `/gaps`.',
    voteChanged: (helpful: boolean) => `Votre vote devient **${helpful ? 'utile' : 'pas utile'}**.`,
    voteUnchanged: (helpful: boolean) =>
      `Vous avez déjà voté **${helpful ? 'utile' : 'pas utile'}** pour cette réponse (l’autre bouton change votre vote).`,
    voteUnknownAnswer: (days: number) =>
      `Impossible d’enregistrer un vote sur cette réponse : elle date d’avant l’enregistrement ` +
      `des avis, ou de plus de ${days} jours (la durée de conservation). Posez la question ` +
      `à nouveau pour voter sur une réponse récente.`,
    feedbackOff:
      'Les avis sont désactivés sur ce bot (FEEDBACK_ENABLED=false) : ni votes ni lacunes ne sont enregistrés.',
    gapsSummary: (days: number, uncovered: number, unhelpful: number) =>
      `Lacunes des ${days} dernier${days === 1 ? '' : 's'} jour${days === 1 ? '' : 's'} ` +
      `: ${uncovered} question${uncovered === 1 ? '' : 's'} sans réponse, ${unhelpful} réponse${unhelpful === 1 ? '' : 's'} ` +
      `jugée${unhelpful === 1 ? '' : 's'} pas utile${unhelpful === 1 ? '' : 's'}. La liste ` +
      `est en pièce jointe.`,
    gapsGuildOnly: 'Utilisez `/gaps` dans un serveur : la commande liste les questions posées dans ce serveur.',
    rateLimited: (seconds: number) =>
      `Vous posez beaucoup de questions : merci d’attendre ${seconds} s avant la suivante.`,
    failure: 'Un problème est survenu pendant la réponse. Réessayez dans un instant.',
    unknownCommand: (name: string) =>
      `Commande inconnue « /${name} » : ce bot ne l’a pas (ou plus). \`/aide\` montre ce qu’il fait.`,
    unknownComponent:
      'Ce bouton ou ce menu ne fonctionne plus (le bot a été mis à jour depuis ce message) : redemandez, par exemple avec `/demander`.',
    errors: {
      QUESTION_EMPTY:
        'Posez une question en toutes lettres, par exemple « @citebot que prévoit l’accord ? » ou `/ask`.',
      QUESTION_TOO_LONG: 'Cette question est trop longue : 1 000 caractères au maximum.',
      FILTER_NO_MATCH: 'Aucun document ni aucune section indexés ne portent ce nom : `/sources` liste les documents.',
      INDEX_MISSING: 'Aucun document n’est encore indexé : le propriétaire du bot doit lancer `npm run index`.',
      INDEX_CORRUPT:
        'L’index des documents est inutilisable pour le moment : le propriétaire du bot doit le reconstruire.',
      INDEX_FORMAT_MISMATCH:
        'L’index des documents est inutilisable pour le moment : le propriétaire du bot doit le reconstruire.',
      INDEX_MODEL_MISMATCH:
        'L’index des documents est inutilisable pour le moment : le propriétaire du bot doit le reconstruire.',
      MODEL_UNAVAILABLE: 'Le modèle de recherche est indisponible pour le moment. Réessayez plus tard.',
      BUILD_FAILED:
        'La construction de l’index a échoué : le bot continue de répondre avec l’index précédent. Voir les journaux du bot.',
      CORPUS_MISSING: 'Le dossier des documents n’existe pas : vérifiez CORPUS_DIR sur la machine du bot.',
      CORPUS_EMPTY: 'Le dossier des documents ne contient aucun document pris en charge (.txt, .md, .html, .pdf).',
      CORPUS_UNREADABLE: 'Le dossier des documents est illisible : vérifiez ses droits sur la machine du bot.',
    } satisfies Partial<Record<ErrorCode, string>>,
    documentsTitle: (count: number) => `Documents indexés (${count})`,
    documentsFiltered: (count: number, filter: string) => `Documents indexés contenant « ${filter} » (${count})`,
    noDocuments: 'Aucun document indexé ne correspond.',
    documentLine: (passages: number, indexedAt: string) =>
      `${passages} passage${passages === 1 ? '' : 's'} · indexé ${indexedAt}`,
    page: (page: number, pages: number) => `Page ${page} / ${pages}`,
    previous: 'Précédent',
    next: 'Suivant',
    unknownDocument: (name: string) =>
      `Aucun document indexé ne correspond à « ${name} ». Commencez à taper pour en choisir un dans la liste.`,
    unknownSection: (name: string) => `Ce document n’a pas de section « ${name} ».`,
    sectionsTitle: 'Sections',
    wholeDocument: '(sans titre)',
    passagesCount: (count: number) => `${count} passage${count === 1 ? '' : 's'}`,
    morePassages: (count: number) =>
      `${count} passage${count === 1 ? '' : 's'} de plus non affiché${count === 1 ? '' : 's'} : choisissez une section pour préciser.`,
    helpTitle: 'citebot',
    helpDescription:
      'Je réponds aux questions sur un ensemble de documents en **les citant mot pour mot**, avec des citations numérotées ' +
      '(document · section · lignes). Je n’écris jamais de réponse de mon cru : quand les ' +
      'documents ne couvrent pas une question, je le dis et je montre les passages les plus ' +
      'proches.',
    helpUsage:
      '`/demander question:` poser une question (`privé: True` pour être seul à voir la réponse)\n' +
      '`@citebot question` dans un salon, ou en message privé\n' +
      'Répondez à l’une de mes réponses pour poser une question de suite\n' +
      '`/sources` liste des documents · `/document` lire un document\n' +
      'Le bouton **Sources** sous une réponse montre les passages complets.\n' +
      'Dans les salons d’aide et forums que je surveille, je réponds seul aux questions (dans un fil ou dans le post)\n' +
      '`/réindexer` reconstruit l’index à partir des documents (membres avec Gérer le serveur)',
    helpUsageTitle: 'Comment demander',
    helpIndexTitle: 'Index',
    helpIndex: (documents: number, passages: number, builtAt: string, model: string) =>
      `${documents} documents · ${passages} passages\nConstruit le ${builtAt}\nRecherche : ${model}`,
    fullTextOnly: 'plein texte uniquement (sans modèle d’embeddings)',
    reindexRunning: 'Reconstruction de l’index… Le bot continue de répondre avec l’index actuel en attendant.',
    reindexFiles: (done: number, total: number) => `Fichiers lus : ${done}/${total}`,
    reindexEmbedded: (done: number, total: number) => `Passages vectorisés : ${done}/${total}`,
    reindexSaving: 'Écriture de l’index…',
    reindexBusy: 'Une construction de l’index est déjà en cours : attendez qu’elle se termine, puis réessayez.',
    reindexGuildOnly: '`/réindexer` ne fonctionne que dans un serveur, pour les membres autorisés à le gérer.',
    reindexDone: (files: number, passages: number, seconds: string, mode: string) =>
      `Index reconstruit : ${files} documents, ${passages} passages, en ${seconds} s (${mode}). Les questions y sont désormais répondues.`,
    reindexChanges: (added: number, updated: number, reused: number, removed: number, skipped: number) =>
      `Fichiers : ${added} ajoutés, ${updated} modifiés, ${reused} inchangés, ${removed} supprimés, ${skipped} ignorés.`,
    reindexEmbeddedCount: (count: number) => `Passages vectorisés : ${count} (les autres ont gardé leurs vecteurs).`,
    reindexFullRebuild: (reason: string) => `Reconstruit entièrement : ${reason}.`,
    reindexSkipped: (path: string, reason: string) => `Ignoré ${path} : ${reason}`,
  },
} as const;

/** The wording table for one language. */
export type Words = (typeof WORDS)[Language];

/** The user-facing sentence for an error code, when it has one of its own. */
export function errorWording(words: Words, code: ErrorCode): string | undefined {
  const errors: Partial<Record<ErrorCode, string>> = words.errors;
  return errors[code];
}
