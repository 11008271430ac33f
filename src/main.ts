// Composition root: config → store → pipeline and scheduler → Discord client; clean shutdown on SIGTERM/SIGINT.
import 'dotenv/config';
import cron from 'node-cron';
import { loadConfig, ConfigError, secretsOf, type Config } from './config.js';
import { createLogger, type Logger } from './log.js';
import { clockFromEnv } from './clock.js';
import { createRuntime, type Runtime } from './app/runtime.js';
import { createClient, onceReady, routeInteractions, commandsHash, deployCommands } from './discord/bot.js';
import { loadCommands } from './discord/commands.js';
import { DiscordSink } from './discord/sink.js';
import { Dispatcher } from './delivery/dispatcher.js';

/** Deliveries that failed are retried, and edits flushed, at least this often. */
const DRAIN_INTERVAL_MS = 15_000;
/** With several processes, how often the sender looks for deliveries another process queued. */
const SHARED_DRAIN_INTERVAL_MS = 1_000;

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`sahel-watch: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.logLevel, secretsOf(config));
  installCrashHandlers(log);
  const clock = clockFromEnv(process.env);

  const client = createClient(config.discordApiUrl, config.shards);
  let dispatcher: Dispatcher | null = null;
  // One sender at a time across processes (Discord's global limit is per token): with PostgreSQL the sender role
  // is a lease, and only its holder drains; a standby takes over when the holder dies.
  const drain = () => (runtime.sender && !runtime.sender.holds() ? undefined : dispatcher?.drain().catch((err: unknown) => log.error({ err }, 'delivery drain failed')));

  let runtime: Runtime;
  try {
    runtime = await createRuntime(config, log, clock, { afterCycle: async () => void (await drain()) });
  } catch (err) {
    process.stderr.write(`sahel-watch: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
  const { store, service, poller, roles } = runtime;
  log.info({ roles: [...roles], store: store.engine, location: store.location, owner: runtime.owner, shards: config.shards }, 'starting');
  // Sending needs the gateway (the bot's own id, the servers' channels): a process sends only if it also connects.
  const connects = roles.has('gateway') || roles.has('sender');
  if (roles.has('sender')) dispatcher = new Dispatcher(store, new DiscordSink(client), clock, log, config.flood);

  const commands = await loadCommands();
  routeInteractions(client, { commands, service, log });

  onceReady(client, (ready) => {
    void (async () => {
      log.info({ user: ready.user.tag, guilds: ready.guilds.cache.size }, 'connected to Discord');
      if (config.deployCommandsOnStart) {
        const key = `commands_hash:${config.guildId ?? 'global'}`;
        const hash = commandsHash(commands);
        if ((await store.getSetting(key)) !== hash) {
          try {
            const n = await deployCommands(ready, commands, config.guildId);
            await store.setSetting(key, hash);
            log.info({ commands: n, scope: config.guildId ? 'guild' : 'global' }, 'slash commands registered');
          } catch (err) {
            log.error({ err }, 'slash commands could not be registered; run npm run deploy-commands');
          }
        }
      }
      // Deliveries left over from before a restart go first, then the schedule takes over.
      await drain();
      // A SIGTERM during the above has already stopped everything: a schedule started now would keep the
      // process alive after "stopped" (and poll a closed database).
      if (stopping) return;
      startWork();
    })();
  });

  let started = false;
  /** The schedules of this process's roles: polling, and the sender's digests. */
  const startWork = () => {
    if (started || stopping) return;
    started = true;
    if (roles.has('poller')) {
      poller.start();
      void poller.runCycle().catch((err: unknown) => log.error({ err }, 'first poll cycle failed'));
    }
    if (dispatcher) {
      digestTask ??= cron.schedule(config.digestCron, () => {
        if (runtime.sender && !runtime.sender.holds()) return;
        void dispatcher?.runDigests().catch((err: unknown) => log.error({ err }, 'digest run failed'));
      }, { noOverlap: true, name: 'digests' });
    }
  };
  await runtime.startRoles();

  // Over PostgreSQL, deliveries are queued by the story writer, maybe in another process: the sender looks often.
  const drainTimer = setInterval(() => void drain(), store.engine === 'postgres' ? SHARED_DRAIN_INTERVAL_MS : DRAIN_INTERVAL_MS);
  drainTimer.unref();

  let digestTask: ReturnType<typeof cron.schedule> | null = null;
  // Retention, once a day at a quiet hour: items and stories last seen more than RETENTION_DAYS ago go.
  const retentionTask = cron.schedule('17 4 * * *', () => {
    // One process prunes: the story writer (whose index must forget the deleted stories).
    if (runtime.storyWriter && !runtime.storyWriter.holds()) return;
    void runtime.prune().catch((err: unknown) => log.error({ err }, 'retention run failed'));
  }, { noOverlap: true, name: 'retention' });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    clearInterval(drainTimer);
    await digestTask?.stop();
    await retentionTask.stop();
    await poller.stop();
    await dispatcher?.stop();
    await client.destroy();
    await runtime.close();
    log.info('stopped');
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  if (!connects) {
    // A poller (or a standby story writer) alone never connects to Discord.
    startWork();
    return;
  }
  try {
    await client.login(config.discordToken);
  } catch (err) {
    log.fatal({ error: err instanceof Error ? err.message : String(err) }, 'could not log in to Discord: check DISCORD_TOKEN');
    await runtime.close();
    process.exitCode = 1;
  }
}

function installCrashHandlers(log: Logger): void {
  // A rejected promise somewhere (a discord.js dispatch, a stray timer) must not kill the bot.
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection'));
  process.on('uncaughtException', (err) => {
    log.fatal({ err }, 'uncaught exception; exiting');
    process.exit(1);
  });
}

await main();
