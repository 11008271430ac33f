// /sahel help: what the bot does and every command, in the member's language.
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from '../../src/discord/command.js';

const HELP = {
  en: [
    '**Sahel Watch** follows news about Mali, Burkina Faso, Niger, Chad and Mauritania from dozens of outlets, keeps what is about the Sahel, recognises the same story across outlets and posts each story once.',
    '',
    '**Reading** (everyone)',
    '`/sahel latest [count] [country] [theme]` — the latest stories',
    '`/sahel search <query> [since]` — search stored items (e.g. `since:7d`)',
    '`/sahel story <id>` — every source of a story and its timeline',
    '`/sahel summary <url>` — summarise any article',
    '`/sahel why <id>` — why a story was judged about the Sahel',
    '`/sahel topics` — countries and themes you can filter on',
    '`/sahel subscriptions`, `/sahel feeds list`, `/sahel status`',
    '',
    '**Managing** (Manage Server)',
    '`/sahel subscribe [channel] [countries] [themes] [min_score] [older_stories]` — post stories in a channel',
    '`/sahel unsubscribe [channel]`',
    '`/sahel feeds add <url>` / `remove <feed>` / `resume <feed>`',
    '`/sahel settings language <en|fr>` — language of posts in this server',
  ],
  fr: [
    '**Sahel Watch** suit l’actualité du Mali, du Burkina Faso, du Niger, du Tchad et de la Mauritanie dans des dizaines de médias, garde ce qui concerne le Sahel, reconnaît la même histoire d’un média à l’autre et la publie une seule fois.',
    '',
    '**Lire** (tout le monde)',
    '`/sahel dernieres [nombre] [pays] [theme]` — les dernières histoires',
    '`/sahel recherche <requete> [depuis]` — chercher dans les articles (ex. `depuis:7d`)',
    '`/sahel histoire <id>` — toutes les sources d’une histoire',
    '`/sahel resume <url>` — résumer un article',
    '`/sahel pourquoi <id>` — pourquoi une histoire concerne le Sahel',
    '`/sahel sujets` — pays et thèmes disponibles',
    '`/sahel abonnements`, `/sahel flux liste`, `/sahel etat`',
    '',
    '**Gérer** (Gérer le serveur)',
    '`/sahel subscribe [salon] [pays] [themes] [score_min] [anciennes]` — publier dans un salon',
    '`/sahel desabonner [salon]`',
    '`/sahel flux ajouter <url>` / `retirer <flux>` / `reprendre <flux>`',
    '`/sahel reglages langue <en|fr>` — langue des publications',
  ],
};

export async function help(ctx: CommandContext, interaction: ChatInputCommandInteraction): Promise<void> {
  await interaction.reply({ embeds: [{ title: 'Sahel Watch', description: HELP[ctx.lang].join('\n'), color: 0xd4a017 }], flags: MessageFlags.Ephemeral });
}
