/**
 * `npm run register`: registers the slash commands with Discord — in DISCORD_GUILD_ID when
 * set (instant, for development), otherwise globally.
 */
import { loadConfig } from '../src/config.ts';
import { registerCommands } from '../src/discord/index.ts';
import { runCommand } from '../src/errors.ts';

runCommand(async () => {
  const registration = await registerCommands(loadConfig());
  process.stdout.write(
    `Registered ${registration.commands.map((name) => `/${name}`).join(', ')} for application ${registration.applicationId} (${registration.scope}).\n`,
  );
});
