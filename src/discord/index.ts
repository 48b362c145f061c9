export { startBot, type RunningBot, type StartBotOptions } from './bot.ts';
export { commands } from './commands/index.ts';
export { registerCommands, type Registration } from './register.ts';
export type { BotContext, SlashCommand } from './types.ts';
