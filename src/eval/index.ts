export { type EvalMetrics, type QuestionKind, type QuestionOutcome } from './metrics.ts';
export { EVAL_SPLITS, readQaSet, type EvalSplit, type QaItem } from './qa.ts';
export {
  decisionMissTable,
  formatEvaluationReport,
  metricsTable,
  quoteLossTable,
  toEvaluationJson,
  type EvaluationJson,
} from './report.ts';
export { decisionMiss, WRONG_ANSWERS, WRONG_DECLINES, type DecisionMiss } from './decision-miss.ts';
export { countQuoteLosses, QUOTE_LOSSES, quoteLoss, type QuoteLoss } from './quote-loss.ts';
export { runEvaluation, type EvaluationOptions, type EvaluationReport, type QuestionDetail } from './run.ts';
export {
  compareRuns,
  formatComparison,
  parseSavedRun,
  serializeRun,
  signTestP,
  type GroupComparison,
  type SavedOutcome,
} from './compare.ts';
