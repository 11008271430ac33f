// The reply kit every command answers with: an ephemeral reply, the one error reply, and embeds cut to Discord's limits.
import { MessageFlags, type RepliableInteraction } from 'discord.js';
import { BRAND_COLOUR, LIMITS, type ApiEmbed } from './embeds.js';
import { truncate } from './sanitize.js';

/** An embed with the brand colour unless it has its own, and every part cut to Discord's limits. */
export function embed(e: ApiEmbed): ApiEmbed {
  const out: ApiEmbed = { ...e, color: e.color ?? BRAND_COLOUR };
  if (e.title !== undefined) out.title = truncate(e.title, LIMITS.title);
  if (e.description !== undefined) out.description = truncate(e.description, LIMITS.description);
  if (e.footer) out.footer = { text: truncate(e.footer.text, LIMITS.footer) };
  if (e.fields) out.fields = e.fields.slice(0, LIMITS.fields).map((f) => ({ ...f, name: truncate(f.name, LIMITS.fieldName), value: truncate(f.value, LIMITS.fieldValue) }));
  return out;
}

export interface ReplyBody {
  content?: string;
  embeds?: ApiEmbed[];
}

/** Only the member sees it; it pings nobody; embeds go through `embed`. Edits the reply if the interaction was deferred. */
export function replyEphemeral(interaction: RepliableInteraction, body: ReplyBody): Promise<void> {
  return send(interaction, body, true);
}

/** The whole channel sees it (a deferred reply keeps the visibility it was deferred with); it pings nobody. */
export function replyPublic(interaction: RepliableInteraction, body: ReplyBody): Promise<void> {
  return send(interaction, body, false);
}

async function send(interaction: RepliableInteraction, body: ReplyBody, ephemeral: boolean): Promise<void> {
  const payload = {
    ...(body.content !== undefined ? { content: truncate(body.content, LIMITS.content) } : {}),
    ...(body.embeds ? { embeds: body.embeds.map(embed) } : {}),
    allowedMentions: { parse: [] as [] },
  };
  if (interaction.deferred || interaction.replied) await interaction.editReply(payload);
  else await interaction.reply(ephemeral ? { ...payload, flags: MessageFlags.Ephemeral } : payload);
}

/** "Thinking…" only the member sees, for a handler that needs more than Discord's 3 s; the answer then edits it. */
export async function deferEphemeral(interaction: RepliableInteraction): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
}

/** "Thinking…" the channel sees; the answer then edits it (an error deletes it: see replyError). */
export async function deferPublic(interaction: RepliableInteraction): Promise<void> {
  await interaction.deferReply();
}

/**
 * The one way to answer with an error: a single "❌" line only the member sees, whether or not the interaction
 * was already deferred (a public "thinking…" is deleted, never turned into a public error).
 */
export async function replyError(interaction: RepliableInteraction, line: string): Promise<void> {
  const content = `❌ ${line}`.slice(0, LIMITS.content);
  if (interaction.deferred && !interaction.replied && interaction.ephemeral !== true && !interaction.isMessageComponent()) {
    await interaction.deleteReply().catch(() => undefined);
    await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  } else if (interaction.deferred || interaction.replied) {
    await interaction.editReply({ content, embeds: [], components: [], allowedMentions: { parse: [] } });
  } else {
    await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  }
}
