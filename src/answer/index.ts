export { ANSWER_DEFAULTS, answerQuestion, sentenceSpans, type AnswerOptions } from './answer.ts';
export {
  ANSWER_WORDS,
  citationLabel,
  excerpt,
  citedSection,
  formatAnswerText,
  toJsonAnswer,
  type JsonAnswer,
} from './format.ts';
export { MAX_QUESTION_LENGTH, questionLanguage, validateQuestion } from './question.ts';
export type { Answer, KnowledgeBase, Quote, Source } from './types.ts';
export { verifyQuotes, type DocumentTextReader, type VerifiedAnswer } from './verify.ts';
