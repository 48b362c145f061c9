export { ANSWER_DEFAULTS, answerQuestion, type AnswerOptions } from './answer.ts';
export { ANSWER_WORDS, formatAnswerText, toJsonAnswer, type JsonAnswer } from './format.ts';
export { MAX_QUESTION_LENGTH, questionLanguage, validateQuestion } from './question.ts';
export type { Answer, AnswerTrace, KnowledgeBase, Quote, Source } from './types.ts';
export type { DocumentText, DocumentTextReader, VerifiedAnswer } from './verify.ts';
export { localRetriever, type Retriever } from './retriever.ts';
export { serveRetriever } from './http-retriever.ts';
