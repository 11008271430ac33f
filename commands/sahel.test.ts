import { describe, it, expect } from 'vitest';
import type { APIApplicationCommandOption, APIApplicationCommandOptionChoice } from 'discord.js';
import { data, execute, SUBCOMMANDS } from './sahel.js';
import type { CommandContext } from '../src/discord/command.js';

interface Node {
  path: string;
  name: string;
  description: string;
  name_localizations?: Record<string, string | null> | null;
  description_localizations?: Record<string, string | null> | null;
  choices: APIApplicationCommandOptionChoice[];
}

/** The command, every subcommand group, subcommand and option, depth first. */
function nodes(): Node[] {
  const json = data.toJSON();
  const out: Node[] = [{ path: `/${json.name}`, name: json.name, description: json.description, name_localizations: json.name_localizations, description_localizations: json.description_localizations, choices: [] }];
  const walk = (options: APIApplicationCommandOption[] | undefined, prefix: string) => {
    for (const o of options ?? []) {
      const choices = 'choices' in o && Array.isArray(o.choices) ? (o.choices as APIApplicationCommandOptionChoice[]) : [];
      out.push({ path: `${prefix} ${o.name}`, name: o.name, description: o.description, name_localizations: o.name_localizations, description_localizations: o.description_localizations, choices });
      walk('options' in o ? o.options : undefined, `${prefix} ${o.name}`);
    }
  };
  walk(json.options, `/${json.name}`);
  return out;
}

// Discord's rule for chat-input names, localised ones included.
const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

describe('/sahel definition in French', () => {
  const all = nodes();

  it('walks the whole tree (every subcommand and option)', () => {
    expect(all.map((n) => n.path)).toEqual(expect.arrayContaining(['/sahel subscribe mode', '/sahel feeds remove feed', '/sahel settings language language', '/sahel digest preview channel']));
    expect(all.length).toBeGreaterThan(40);
  });

  it('gives every command, subcommand and option a French description within Discord limits', () => {
    const missing = all.filter((n) => !n.description_localizations?.fr?.trim()).map((n) => n.path);
    expect(missing).toEqual([]);
    for (const n of all) expect(n.description_localizations!.fr!.length, n.path).toBeLessThanOrEqual(100);
  });

  it('gives every subcommand and option a valid, lower-case French name, unique among its siblings', () => {
    const options = all.slice(1);
    expect(options.filter((n) => !n.name_localizations?.fr).map((n) => n.path)).toEqual([]);
    for (const n of options) {
      const fr = n.name_localizations!.fr!;
      expect(fr, n.path).toMatch(NAME);
      expect(fr, n.path).toBe(fr.toLowerCase());
    }
    const siblings = new Map<string, string[]>();
    for (const n of options) {
      const parent = n.path.slice(0, n.path.lastIndexOf(' '));
      siblings.set(parent, [...(siblings.get(parent) ?? []), n.name_localizations!.fr!]);
    }
    for (const [parent, names] of siblings) expect(new Set(names).size, parent).toBe(names.length);
  });

  it('translates the subcommands people type most', () => {
    const fr = (path: string) => all.find((n) => n.path === path)?.name_localizations?.fr;
    expect(fr('/sahel subscribe')).toBe('abonner');
    expect(fr('/sahel latest')).toBe('dernieres');
    expect(fr('/sahel feeds')).toBe('flux');
    expect(fr('/sahel settings language')).toBe('langue');
  });

  it('gives every choice a French name', () => {
    const choices = all.flatMap((n) => n.choices.map((c) => ({ path: `${n.path} = ${c.value}`, fr: c.name_localizations?.fr })));
    expect(choices.length).toBeGreaterThanOrEqual(5);
    expect(choices.filter((c) => !c.fr).map((c) => c.path)).toEqual([]);
    expect(choices.find((c) => c.path === '/sahel subscribe mode = daily')?.fr).toBe('résumé quotidien');
  });
});

describe('/sahel subcommands are declared once', () => {
  /** "sub" or "group sub" for every subcommand in the registered JSON. */
  const registered = (): string[] => {
    const keys: string[] = [];
    for (const o of (data.toJSON().options ?? []) as APIApplicationCommandOption[]) {
      if (o.type === 2) for (const s of o.options ?? []) keys.push(`${o.name} ${s.name}`);
      else keys.push(o.name);
    }
    return keys;
  };

  it('routes every registered subcommand, and nothing else', () => {
    expect([...SUBCOMMANDS.keys()]).toEqual(registered());
  });

  it('asks Manage Server exactly for what changes what the server receives', () => {
    const managed = [...SUBCOMMANDS].filter(([, s]) => s.manageServer).map(([k]) => k);
    expect(managed.sort()).toEqual(['feeds add', 'feeds remove', 'feeds resume', 'settings language', 'subscribe', 'unsubscribe']);
  });

  it('refuses a member without Manage Server before the handler runs, with the one error reply', async () => {
    for (const [key, sub] of SUBCOMMANDS) {
      if (!sub.manageServer) continue;
      const [group, name] = key.includes(' ') ? key.split(' ') : [null, key];
      const replies: { content?: string; flags?: unknown }[] = [];
      const interaction = {
        options: { getSubcommandGroup: () => group, getSubcommand: () => name },
        inGuild: () => true,
        memberPermissions: { has: () => false },
        deferred: false,
        replied: false,
        reply: async (body: { content?: string; flags?: unknown }) => { replies.push(body); },
      };
      const ctx = { lang: 'en', service: new Proxy({}, { get: () => { throw new Error(`${key}: the handler ran`); } }) } as unknown as CommandContext;
      await execute(ctx, interaction as never);
      expect(replies, key).toHaveLength(1);
      expect(replies[0]!.content, key).toMatch(/^❌ /);
    }
  });
});
