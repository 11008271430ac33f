// /sahel — every Sahel Watch task, as subcommands. Handlers live in commands/sahel/.
import { MessageFlags, ChannelType, SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from '../src/discord/command.js';
import { subscribe, unsubscribe, subscriptionsList, digestPreview } from './sahel/subscriptions.js';
import { latest, search, story, why, topics } from './sahel/reading.js';
import { summary } from './sahel/summary.js';
import { settingsLanguage } from './sahel/settings.js';
import { help } from './sahel/help.js';
import { storyButton } from './sahel/buttons.js';
import { feedsList, feedsStatus, feedsAdd, feedsRemove, feedsResume } from './sahel/feeds.js';
import { status } from './sahel/status.js';
import { autocompleteTopics } from './sahel/autocomplete.js';
import { requireManageServer } from './sahel/guards.js';
import { t } from '../src/i18n.js';

export const data = new SlashCommandBuilder()
  .setName('sahel')
  .setDescription('Sahel news: subscribe channels, read the latest stories, manage feeds')
  .setDescriptionLocalizations({ fr: 'Actualité du Sahel : abonner des salons, lire les dernières histoires, gérer les flux' })
  .setContexts(0)
  .addSubcommand((s) =>
    s
      .setName('subscribe')
      .setDescription('Post new Sahel stories in a channel (Manage Server)')
      .setDescriptionLocalizations({ fr: 'Publier les nouvelles histoires du Sahel dans un salon (Gérer le serveur)' })
      .setNameLocalizations({ fr: 'abonner' })
      .addChannelOption((o) =>
        o.setName('channel').setDescription('Channel to post in (default: this one)').setDescriptionLocalizations({ fr: 'Salon où publier (par défaut : celui-ci)' })
          .setNameLocalizations({ fr: 'salon' }).addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
      )
      .addStringOption((o) =>
        o.setName('countries').setDescription('Only these countries, comma-separated (e.g. Mali, Niger)').setDescriptionLocalizations({ fr: 'Seulement ces pays, séparés par des virgules (ex. Mali, Niger)' })
          .setNameLocalizations({ fr: 'pays' }).setMaxLength(200).setAutocomplete(true),
      )
      .addStringOption((o) =>
        o.setName('themes').setDescription('Only these themes, comma-separated (e.g. coup, humanitarian)').setDescriptionLocalizations({ fr: 'Seulement ces thèmes, séparés par des virgules' })
          .setNameLocalizations({ fr: 'themes' }).setMaxLength(200).setAutocomplete(true),
      )
      .addNumberOption((o) =>
        o.setName('min_score').setDescription('Minimum relevance score (default 0: every Sahel story)').setDescriptionLocalizations({ fr: 'Score de pertinence minimal (0 par défaut)' })
          .setNameLocalizations({ fr: 'score_min' }).setMinValue(0).setMaxValue(100),
      )
      .addStringOption((o) =>
        o.setName('mode').setDescription('Post stories as they come (realtime) or once a day/week (digest)').setDescriptionLocalizations({ fr: 'Publier au fil de l’eau (realtime) ou une fois par jour/semaine (digest)' })
          .setNameLocalizations({ fr: 'mode' })
          .addChoices({ name: 'realtime', value: 'realtime', name_localizations: { fr: 'au fil de l’eau' } }, { name: 'daily digest', value: 'daily', name_localizations: { fr: 'résumé quotidien' } }, { name: 'weekly digest', value: 'weekly', name_localizations: { fr: 'résumé hebdomadaire' } }),
      )
      .addStringOption((o) =>
        o.setName('digest_time').setDescription('Digest time, 24 h local (default 08:00)').setDescriptionLocalizations({ fr: 'Heure du résumé, 24 h locale (08:00 par défaut)' })
          .setNameLocalizations({ fr: 'heure_resume' }).setMaxLength(5),
      )
      .addStringOption((o) =>
        o.setName('timezone').setDescription('Time zone for the digest, e.g. Africa/Bamako (default UTC)').setDescriptionLocalizations({ fr: 'Fuseau horaire du résumé, ex. Africa/Bamako (UTC par défaut)' })
          .setNameLocalizations({ fr: 'fuseau' }).setMaxLength(64).setAutocomplete(true),
      )
      .addRoleOption((o) =>
        o.setName('role').setDescription('Role to ping for each story (only that role)').setDescriptionLocalizations({ fr: 'Rôle à mentionner pour chaque histoire' })
          .setNameLocalizations({ fr: 'role' }),
      )
      .addBooleanOption((o) =>
        o.setName('older_stories').setDescription('Also post old news republished as new, labelled "older story"').setDescriptionLocalizations({ fr: 'Publier aussi les vieilles nouvelles republiées, marquées « histoire ancienne »' })
          .setNameLocalizations({ fr: 'anciennes' }),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('unsubscribe')
      .setDescription('Stop posting in a channel (Manage Server)')
      .setDescriptionLocalizations({ fr: 'Arrêter de publier dans un salon (Gérer le serveur)' })
      .setNameLocalizations({ fr: 'desabonner' })
      .addChannelOption((o) =>
        o.setName('channel').setDescription('Channel (default: this one)').setDescriptionLocalizations({ fr: 'Salon (par défaut : celui-ci)' })
          .setNameLocalizations({ fr: 'salon' }).addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
      ),
  )
  .addSubcommand((s) => s.setName('subscriptions').setDescription("This server's subscriptions").setDescriptionLocalizations({ fr: 'Les abonnements de ce serveur' }).setNameLocalizations({ fr: 'abonnements' }))
  .addSubcommand((s) =>
    s
      .setName('latest')
      .setDescription('The latest Sahel stories')
      .setDescriptionLocalizations({ fr: 'Les dernières histoires du Sahel' })
      .setNameLocalizations({ fr: 'dernieres' })
      .addIntegerOption((o) => o.setName('count').setDescription('How many (1–10, default 5)').setDescriptionLocalizations({ fr: 'Combien (1–10, 5 par défaut)' }).setNameLocalizations({ fr: 'nombre' }).setMinValue(1).setMaxValue(10))
      .addStringOption((o) => o.setName('country').setDescription('Only this country').setDescriptionLocalizations({ fr: 'Seulement ce pays' }).setNameLocalizations({ fr: 'pays' }).setMaxLength(100).setAutocomplete(true))
      .addStringOption((o) => o.setName('theme').setDescription('Only this theme').setDescriptionLocalizations({ fr: 'Seulement ce thème' }).setNameLocalizations({ fr: 'theme' }).setMaxLength(100).setAutocomplete(true)),
  )
  .addSubcommandGroup((g) =>
    g
      .setName('feeds')
      .setDescription("The feeds this server follows")
      .setDescriptionLocalizations({ fr: 'Les flux suivis par ce serveur' })
      .setNameLocalizations({ fr: 'flux' })
      .addSubcommand((s) => s.setName('list').setDescription('List the feeds and their health').setDescriptionLocalizations({ fr: 'Lister les flux et leur état' }).setNameLocalizations({ fr: 'liste' }))
      .addSubcommand((s) =>
        s.setName('status').setDescription('Why a feed fails, when it was last read, when it is next').setDescriptionLocalizations({ fr: 'Pourquoi un flux échoue, quand il a été relevé, quand il le sera' }).setNameLocalizations({ fr: 'etat' })
          .addStringOption((o) => o.setName('feed').setDescription('Feed URL or number (default: the feeds that need attention)').setDescriptionLocalizations({ fr: 'URL ou numéro du flux (par défaut : les flux à surveiller)' }).setNameLocalizations({ fr: 'flux' }).setMaxLength(2048).setAutocomplete(true)),
      )
      .addSubcommand((s) =>
        s.setName('add').setDescription('Follow a feed, or a page that links to one (Manage Server)').setDescriptionLocalizations({ fr: 'Suivre un flux, ou une page qui y renvoie (Gérer le serveur)' }).setNameLocalizations({ fr: 'ajouter' })
          .addStringOption((o) => o.setName('url').setDescription('Feed or page URL (https://…)').setDescriptionLocalizations({ fr: 'URL du flux ou de la page (https://…)' }).setNameLocalizations({ fr: 'url' }).setRequired(true).setMaxLength(2048)),
      )
      .addSubcommand((s) =>
        s.setName('remove').setDescription('Stop following a feed (Manage Server)').setDescriptionLocalizations({ fr: 'Ne plus suivre un flux (Gérer le serveur)' }).setNameLocalizations({ fr: 'retirer' })
          .addStringOption((o) => o.setName('feed').setDescription('Feed URL or number from /sahel feeds list').setDescriptionLocalizations({ fr: 'URL ou numéro du flux' }).setNameLocalizations({ fr: 'flux' }).setRequired(true).setMaxLength(2048).setAutocomplete(true)),
      )
      .addSubcommand((s) =>
        s.setName('resume').setDescription('Resume a paused feed (Manage Server)').setDescriptionLocalizations({ fr: 'Reprendre un flux en pause (Gérer le serveur)' }).setNameLocalizations({ fr: 'reprendre' })
          .addStringOption((o) => o.setName('feed').setDescription('Feed URL or number').setDescriptionLocalizations({ fr: 'URL ou numéro du flux' }).setNameLocalizations({ fr: 'flux' }).setRequired(true).setMaxLength(2048).setAutocomplete(true)),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('search')
      .setDescription('Search stored items (any words; ranked, highlighted)')
      .setDescriptionLocalizations({ fr: 'Chercher dans les articles enregistrés' })
      .setNameLocalizations({ fr: 'recherche' })
      .addStringOption((o) => o.setName('query').setDescription('Words to find').setDescriptionLocalizations({ fr: 'Mots à chercher' }).setNameLocalizations({ fr: 'requete' }).setRequired(true).setMaxLength(200))
      .addStringOption((o) => o.setName('since').setDescription('Only newer than: 24h, 7d, 2w or a date (2024-06-01)').setDescriptionLocalizations({ fr: 'Plus récent que : 24h, 7d, 2w ou une date (2024-06-01)' }).setNameLocalizations({ fr: 'depuis' }).setMaxLength(40)),
  )
  .addSubcommand((s) =>
    s
      .setName('story')
      .setDescription('Every source of a story, with its timeline')
      .setDescriptionLocalizations({ fr: 'Toutes les sources d’une histoire, avec sa chronologie' })
      .setNameLocalizations({ fr: 'histoire' })
      .addIntegerOption((o) => o.setName('id').setDescription('Story number (shown under each post)').setDescriptionLocalizations({ fr: 'Numéro de l’histoire (sous chaque publication)' }).setNameLocalizations({ fr: 'numero' }).setRequired(true).setMinValue(1).setAutocomplete(true)),
  )
  .addSubcommand((s) =>
    s
      .setName('summary')
      .setDescription('Summarise any article from its URL')
      .setDescriptionLocalizations({ fr: 'Résumer un article à partir de son URL' })
      .setNameLocalizations({ fr: 'resume' })
      .addStringOption((o) => o.setName('url').setDescription('Article URL (https://…)').setDescriptionLocalizations({ fr: 'URL de l’article (https://…)' }).setNameLocalizations({ fr: 'url' }).setRequired(true).setMaxLength(2048)),
  )
  .addSubcommand((s) =>
    s
      .setName('why')
      .setDescription('Why a story was judged about the Sahel: what matched, what was cancelled')
      .setDescriptionLocalizations({ fr: 'Pourquoi une histoire concerne le Sahel : correspondances et exclusions' })
      .setNameLocalizations({ fr: 'pourquoi' })
      .addStringOption((o) => o.setName('item').setDescription('Story number, or item:N for one item').setDescriptionLocalizations({ fr: 'Numéro d’histoire, ou item:N pour un article' }).setNameLocalizations({ fr: 'element' }).setRequired(true).setMaxLength(30).setAutocomplete(true)),
  )
  .addSubcommand((s) => s.setName('topics').setDescription('Countries, themes, actors and organisations the bot knows').setDescriptionLocalizations({ fr: 'Pays, thèmes, acteurs et organisations connus' }).setNameLocalizations({ fr: 'sujets' }))
  .addSubcommandGroup((g) =>
    g
      .setName('settings')
      .setDescription('Server settings')
      .setDescriptionLocalizations({ fr: 'Réglages du serveur' })
      .setNameLocalizations({ fr: 'reglages' })
      .addSubcommand((s) =>
        s.setName('language').setDescription('Language of posts and digests here (Manage Server)').setDescriptionLocalizations({ fr: 'Langue des publications et résumés (Gérer le serveur)' }).setNameLocalizations({ fr: 'langue' })
          .addStringOption((o) => o.setName('language').setDescription('English or French').setDescriptionLocalizations({ fr: 'Anglais ou français' }).setNameLocalizations({ fr: 'langue' }).setRequired(true)
            .addChoices({ name: 'English', value: 'en', name_localizations: { fr: 'Anglais' } }, { name: 'Français', value: 'fr', name_localizations: { fr: 'Français' } })),
      ),
  )
  .addSubcommandGroup((g) =>
    g
      .setName('digest')
      .setDescription('Digests')
      .setDescriptionLocalizations({ fr: 'Résumés périodiques' })
      .setNameLocalizations({ fr: 'resume-periodique' })
      .addSubcommand((s) =>
        s.setName('preview').setDescription('What the next digest of a channel would contain').setDescriptionLocalizations({ fr: 'Le contenu du prochain résumé d’un salon' }).setNameLocalizations({ fr: 'apercu' })
          .addChannelOption((o) => o.setName('channel').setDescription('Channel (default: this one)').setDescriptionLocalizations({ fr: 'Salon (par défaut : celui-ci)' }).setNameLocalizations({ fr: 'salon' }).addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement)),
      ),
  )
  .addSubcommand((s) => s.setName('help').setDescription('What Sahel Watch does and how to use it').setDescriptionLocalizations({ fr: 'Ce que fait Sahel Watch et comment l’utiliser' }).setNameLocalizations({ fr: 'aide' }))
  .addSubcommand((s) => s.setName('status').setDescription('Poll health, counts and failing feeds').setDescriptionLocalizations({ fr: 'État des relevés, compteurs et flux en échec' }).setNameLocalizations({ fr: 'etat' }));

/** Subcommands that change what the server receives: Manage Server, checked at execution. */
const CHANGES = new Set(['subscribe', 'unsubscribe', 'feeds add', 'feeds remove', 'feeds resume', 'settings language']);

export async function execute(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const group = interaction.options.getSubcommandGroup(false);
  const sub = interaction.options.getSubcommand(true);
  const key = group ? `${group} ${sub}` : sub;
  if (CHANGES.has(key) && !requireManageServer(ctx, interaction)) return;
  switch (key) {
    case 'subscribe': return subscribe(ctx, interaction);
    case 'unsubscribe': return unsubscribe(ctx, interaction);
    case 'subscriptions': return subscriptionsList(ctx, interaction);
    case 'latest': return latest(ctx, interaction);
    case 'feeds list': return feedsList(ctx, interaction);
    case 'feeds status': return feedsStatus(ctx, interaction);
    case 'feeds add': return feedsAdd(ctx, interaction);
    case 'feeds remove': return feedsRemove(ctx, interaction);
    case 'feeds resume': return feedsResume(ctx, interaction);
    case 'status': return status(ctx, interaction);
    case 'search': return search(ctx, interaction);
    case 'story': return story(ctx, interaction);
    case 'summary': return summary(ctx, interaction);
    case 'why': return why(ctx, interaction);
    case 'topics': return topics(ctx, interaction);
    case 'settings language': return settingsLanguage(ctx, interaction);
    case 'help': return help(ctx, interaction);
    case 'digest preview': return digestPreview(ctx, interaction);
    default:
      await interaction.reply({ content: t(ctx.lang, 'unknownSubcommand', { name: key }), flags: MessageFlags.Ephemeral });
  }
}

/** Button handlers by custom_id prefix. */
export const components = { story: storyButton };

export async function autocomplete(ctx: CommandContext, interaction: AutocompleteInteraction): Promise<void> {
  await autocompleteTopics(ctx, interaction);
}

