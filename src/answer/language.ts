import type { AnswerLanguage } from './types.ts';

// Function words frequent in one language and rare in the other: enough to tell a
// question's language from a handful of words, without a model.
const FRENCH_MARKERS = new Set(
  'le la les un une des du de au aux et est sont qui que quoi quel quelle quels quelles où comment pourquoi combien quand ce cette ces il elle ils elles nous vous leur leurs dans pour par sur avec sans pas ne plus mais ou donc été être avoir ont fait faire se sa son ses qu c d l j n s avez peut puis dois faut'.split(
    ' ',
  ),
);
const ENGLISH_MARKERS = new Set(
  'the a an and is are was were who what which where when why how much many does do did of to in on for with without not no but or this that these those it its they them their we you your can could should would will be been being have has had from by at about into than then there here'.split(
    ' ',
  ),
);

/**
 * Tells whether `text` is French or English, by counting marker words and accents.
 * Ties go to French when the text has French accents or elisions, else to English.
 */
export function detectLanguage(text: string): AnswerLanguage {
  const lower = text.toLowerCase();
  let french = 0;
  let english = 0;
  for (const word of lower.split(/[^\p{L}]+/u)) {
    if (word === '') continue;
    if (FRENCH_MARKERS.has(word)) french += 1;
    if (ENGLISH_MARKERS.has(word)) english += 1;
  }
  if (/[àâçéèêëîïôûùüÿœæ]/u.test(lower)) french += 1;
  if (/\b(?:l|d|qu|n|s|j|c|m|t)['’]\p{L}/u.test(lower)) french += 1;
  return french >= english && french > 0 ? 'fr' : english > 0 ? 'en' : 'fr';
}
