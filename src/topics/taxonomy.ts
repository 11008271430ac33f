// Reads data/taxonomy.json once and checks its shape, so a typo in the knowledge file fails loudly at load, not silently at match time.
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

const alias = z.union([
  z.string().min(1),
  z.object({
    alias: z.string().min(1),
    case: z.enum(['capital', 'upper']).optional(),
    rule: z.enum(['given-name', 'wagner', 'coup', 'sahel', 'afrika-korps']).optional(),
    ambiguous: z.boolean().optional(),
  }),
]);
export type AliasSpec = z.infer<typeof alias>;

const iso3 = z.string().regex(/^[A-Z]{3}$/);
const variants = z.array(z.array(z.string().min(1)).min(1));

const country = z.object({
  id: iso3,
  iso2: z.string().length(2),
  flag: z.string().min(1),
  core: z.boolean(),
  anchors: z.boolean(),
  en: z.string(),
  fr: z.string(),
  names: z.array(alias),
  demonyms: z.array(alias),
  note: z.string().optional(),
});

const place = z.object({
  id: z.string(),
  country: iso3,
  en: z.string(),
  fr: z.string(),
  capital: z.boolean().optional(),
  aliases: z.array(alias).min(1),
});

const labelled = {
  id: z.string().regex(/^[a-z0-9-]+$/),
  en: z.string(),
  fr: z.string(),
  aliases: z.array(alias).min(1),
  note: z.string().optional(),
};

/** themes: what a mention of the actor is evidence of (Wagner → foreign-powers, the JNIM → security, the CNSP → coup). */
const themes = z.array(z.string()).optional();
const actor = z.object({ ...labelled, country: iso3.optional(), role: z.string(), successorOf: z.string().optional(), themes });
const organisation = z.object({ ...labelled, country: iso3.optional(), role: z.string(), weak: z.boolean().optional(), themes });
const region = z.object(labelled);
/** Words that are evidence only together: one alias of each part in one sentence, within `within` tokens ("le président … détenu par l'armée"). */
const combination = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  within: z.number().int().min(2),
  parts: z.array(z.array(alias).min(1)).min(2),
  note: z.string().optional(),
});
const theme = z.object({ ...labelled, strong: z.array(alias).min(1), combinations: z.array(combination).optional() });
const elsewhere = z.object({ id: iso3, en: z.string(), zone: z.array(z.string()).optional(), aliases: z.array(alias).min(1) });
const trap = z.object({ id: z.string(), cancels: z.string(), reason: z.string(), phrases: z.array(alias).min(1) });

const context = z.object({
  stopwords: z.object({ en: z.array(z.string()), fr: z.array(z.string()) }),
  sport: z.array(alias),
  russia: z.array(z.string()),
  ww2: z.array(z.string()),
  tunisia: z.array(z.string()),
  venue: z.array(z.string()),
  locative: z.array(z.string()),
  listConnectors: z.array(z.string()),
  origin: z.array(z.string()),
  personFollowers: z.array(z.string()),
});

const taxonomySchema = z.object({
  version: z.number(),
  countries: z.array(country),
  places: z.array(place),
  towns: z.record(iso3, variants),
  ambiguousTowns: z.record(iso3, variants),
  regions: z.array(region),
  actors: z.array(actor),
  organisations: z.array(organisation),
  themes: z.array(theme),
  elsewhere: z.array(elsewhere),
  traps: z.array(trap),
  context,
});

export type Taxonomy = z.infer<typeof taxonomySchema>;

/** data/taxonomy.json from src/topics under tsx, or from dist/src/topics after a build. */
export const TAXONOMY_URL = [new URL('../../data/taxonomy.json', import.meta.url), new URL('../../../data/taxonomy.json', import.meta.url)].find((u) =>
  existsSync(u),
) ?? new URL('../../data/taxonomy.json', import.meta.url);

export function loadTaxonomy(url: URL = TAXONOMY_URL): Taxonomy {
  const parsed = taxonomySchema.safeParse(JSON.parse(readFileSync(url, 'utf8')));
  if (!parsed.success) throw new Error(`${url.pathname} does not have the taxonomy's shape: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
