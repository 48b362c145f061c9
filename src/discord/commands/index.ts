import type { SlashCommand } from '../types.ts';
import { ask } from './ask.ts';
import { gaps } from './gaps.ts';
import { help } from './help.ts';
import { reindex } from './reindex.ts';
import { source } from './source.ts';
import { sources } from './sources.ts';

/** Every slash command: the bot dispatches to them and `npm run register` registers their `data`. */
export const commands: readonly SlashCommand[] = [ask, sources, source, help, reindex, gaps];
