// `npm run deploy-commands`: register the slash commands (guild-scoped with DISCORD_GUILD_ID, global otherwise).
import 'dotenv/config';
import { Events } from 'discord.js';
import { loadConfig, ConfigError } from '../config.js';
import { createClient, deployCommands } from './bot.js';
import { loadCommands } from './commands.js';

try {
  const config = loadConfig(process.env);
  const commands = await loadCommands();
  const client = createClient(config.discordApiUrl);
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(config.discordToken);
  await ready;
  if (!client.isReady()) throw new Error('the Discord client did not become ready');
  const n = await deployCommands(client, commands, config.guildId);
  console.log(`registered ${n} command(s) ${config.guildId ? `in server ${config.guildId} (instant)` : 'globally (may take up to an hour to appear)'}`);
  await client.destroy();
} catch (err) {
  console.error(`deploy-commands: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
