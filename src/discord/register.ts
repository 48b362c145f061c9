import { DiscordAPIError, REST, Routes, type RESTGetCurrentApplicationResult } from 'discord.js';
import type { Config } from '../config.ts';
import { CitebotError } from '../errors.ts';
import { commands } from './commands/index.ts';

/** What {@link registerCommands} did. */
export interface Registration {
  readonly applicationId: string;
  /** `guild <id>` (instant, for development) or `global` (may take up to an hour to appear). */
  readonly scope: string;
  readonly commands: readonly string[];
}

/**
 * Registers (overwrites) the bot's slash commands: in `config.discord.guildId` when set,
 * otherwise globally. The application id comes from the config, else from the token's
 * application. Throws DISCORD_LOGIN_FAILED when the token is missing or refused.
 */
export async function registerCommands(config: Config): Promise<Registration> {
  const token = config.discord.token;
  if (!token)
    throw new CitebotError('DISCORD_LOGIN_FAILED', 'DISCORD_TOKEN is not set: add it to .env (see .env.example)');
  const rest = new REST({ api: config.discord.apiUrl }).setToken(token);
  const body = commands.map((command) => command.data);
  try {
    const applicationId =
      config.discord.applicationId ??
      ((await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult).id;
    const guildId = config.discord.guildId;
    const route = guildId
      ? Routes.applicationGuildCommands(applicationId, guildId)
      : Routes.applicationCommands(applicationId);
    await rest.put(route, { body });
    return {
      applicationId,
      scope: guildId ? `guild ${guildId}` : 'global',
      commands: body.map((command) => command.name),
    };
  } catch (error) {
    if (error instanceof DiscordAPIError && (error.status === 401 || error.status === 403)) {
      throw new CitebotError('DISCORD_LOGIN_FAILED', `${error.status} ${error.message}`, { cause: error });
    }
    throw error;
  }
}
