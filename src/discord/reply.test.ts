import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageFlags, type RepliableInteraction } from 'discord.js';
import { BRAND_COLOUR, LIMITS } from './embeds.js';
import { embed, replyEphemeral, replyError, replyPublic } from './reply.js';
import { COMMANDS_DIR } from './commands.js';

/** An interaction that records what it was sent, by method. */
function fake(state: { deferred?: boolean; replied?: boolean; ephemeral?: boolean | null; component?: boolean } = {}) {
  const calls: [string, Record<string, unknown> | undefined][] = [];
  const rec = (name: string) => async (body?: Record<string, unknown>) => { calls.push([name, body]); };
  const interaction = {
    deferred: state.deferred ?? false,
    replied: state.replied ?? false,
    ephemeral: state.ephemeral ?? null,
    isMessageComponent: () => state.component ?? false,
    reply: rec('reply'),
    editReply: rec('editReply'),
    deleteReply: rec('deleteReply'),
    followUp: rec('followUp'),
  };
  return { interaction: interaction as unknown as RepliableInteraction, calls };
}

describe('reply kit', () => {
  it('embed: the brand colour unless the embed has one, every part cut to Discord limits', () => {
    const long = 'x'.repeat(10_000);
    const e = embed({ title: long, description: long, footer: { text: long }, fields: Array.from({ length: 30 }, () => ({ name: long, value: long })) });
    expect(e.color).toBe(BRAND_COLOUR);
    expect(e.title!.length).toBeLessThanOrEqual(LIMITS.title);
    expect(e.description!.length).toBeLessThanOrEqual(LIMITS.description);
    expect(e.footer!.text.length).toBeLessThanOrEqual(LIMITS.footer);
    expect(e.fields).toHaveLength(LIMITS.fields);
    for (const f of e.fields!) expect([f.name.length <= LIMITS.fieldName, f.value.length <= LIMITS.fieldValue]).toEqual([true, true]);
    expect(embed({ title: 'a', color: 0x123456 })).toEqual({ title: 'a', color: 0x123456 });
  });

  it('replyEphemeral: ephemeral, pings nobody, content within 2,000; edits a deferred reply', async () => {
    const fresh = fake();
    await replyEphemeral(fresh.interaction, { content: 'y'.repeat(3000) });
    const [[method, body]] = fresh.calls as [[string, { content: string; flags: number; allowedMentions: unknown }]];
    expect(method).toBe('reply');
    expect(body.flags).toBe(MessageFlags.Ephemeral);
    expect(body.allowedMentions).toEqual({ parse: [] });
    expect(body.content.length).toBeLessThanOrEqual(LIMITS.content);
    const deferred = fake({ deferred: true });
    await replyEphemeral(deferred.interaction, { embeds: [{ title: 't' }] });
    expect(deferred.calls).toEqual([['editReply', { embeds: [{ title: 't', color: BRAND_COLOUR }], allowedMentions: { parse: [] } }]]);
  });

  it('replyPublic: not ephemeral, pings nobody', async () => {
    const { interaction, calls } = fake();
    await replyPublic(interaction, { content: 'hello <@&1>' });
    expect(calls).toEqual([['reply', { content: 'hello <@&1>', allowedMentions: { parse: [] } }]]);
  });

  it('replyError: one ❌ line only the member sees, however far the interaction got', async () => {
    const fresh = fake();
    await replyError(fresh.interaction, 'nope');
    expect(fresh.calls).toEqual([['reply', { content: '❌ nope', flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } }]]);
    // A public "thinking…" is removed, never turned into a public error.
    const publicDefer = fake({ deferred: true, ephemeral: false });
    await replyError(publicDefer.interaction, 'nope');
    expect(publicDefer.calls.map(([m]) => m)).toEqual(['deleteReply', 'followUp']);
    expect(publicDefer.calls[1]![1]).toMatchObject({ flags: MessageFlags.Ephemeral });
    const privateDefer = fake({ deferred: true, ephemeral: true });
    await replyError(privateDefer.interaction, 'z'.repeat(5000));
    const [[m, body]] = privateDefer.calls as [[string, { content: string; embeds: unknown[] }]];
    expect([m, body.embeds, body.content.length]).toEqual(['editReply', [], LIMITS.content]);
  });

  it('no command answers or sizes an embed by hand: they go through the kit', () => {
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : /\.ts$/.test(d.name) && !d.name.includes('.test.') ? [join(dir, d.name)] : []));
    const offences = files(COMMANDS_DIR).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [/interaction\.(reply|editReply|followUp|deferReply)\(/, /MessageFlags/, /BRAND_COLOUR/, /\b(4096|1024|2000|6000)\b/, /truncate\([^)]*, 256\)/]
        .filter((re) => re.test(text)).map((re) => `${file}: ${re.source}`);
    });
    expect(offences).toEqual([]);
  });
});
