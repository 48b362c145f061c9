import { createSourceLinker, type LinkedPlace } from '../answer/links.ts';
import type { PassageIndex } from '../index/types.ts';
import type { BotContext } from './types.ts';

// One linker per loaded index: a hot reload brings a new index object, and with it new links.
const linkers = new WeakMap<PassageIndex, (place: LinkedPlace) => string | undefined>();

/** The link of a cited place in the index being served now (see `createSourceLinker`), or undefined. */
export function sourceLinkOf(
  context: Pick<BotContext, 'knowledgeBase' | 'links'>,
): (place: LinkedPlace) => string | undefined {
  const index = context.knowledgeBase.index();
  let linker = linkers.get(index);
  if (!linker) {
    linker = createSourceLinker(index, context.links);
    linkers.set(index, linker);
  }
  return linker;
}
