// A Sahel story timeline over simulated weeks, for the story-identity end-to-end test: the Reuters call of
// August 2023 (from seed 000), a French report of it, a later call between the same leaders, the seeds
// republished (seed 004 in November 2023, seed 000 on a page of January 2025), a 2004 wire item, and an
// attack with a French follow-up that raises the toll. Only the seeds come from ../shared; the rest is
// written here.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FixtureItem } from '../feed-server.js';

const SEEDS = fileURLToPath(new URL('../../../shared/seeds/', import.meta.url));
const SEED_000 = `${SEEDS}000_20dd2fea7793a9d8.txt`;
const SEED_004 = `${SEEDS}004_e4d5b5d28518737a.txt`;

export const seedsPresent = existsSync(SEED_000) && existsSync(SEED_004);

const at = (iso: string) => Date.parse(iso);

export interface Phase {
  name: string;
  /** What the bot's clock reads during the phase. */
  now: number;
  /** Items for feed "a" and feed "b"; the test publishes them in both orders. */
  a: FixtureItem[];
  b: FixtureItem[];
}

/** The Reuters report as the wire sent it: seed 000 without the republisher's page around it. */
function reutersOriginal(page: string): string {
  const start = page.indexOf('(REUTERS)');
  const end = page.indexOf('\nsmartnews');
  return page.slice(start, end > start ? end : undefined).trim();
}

export const CALL_TITLE = 'Putin talks to Mali’s leader about Niger coup, stresses peace';
export const ATTACK_TITLE = 'Gunmen kill 20 in attack on weekly market in Mopti, central Mali';
export const OLD_WIRE_TITLE = 'Mauritania coup kingpin held after failed plot against Taya';
export const LATER_CALL_TITLE = 'Putin and Goita hold new phone call on Sahel security and grain deliveries';

export function timeline(): Phase[] {
  const seed000 = readFileSync(SEED_000, 'utf8');
  const seed004 = readFileSync(SEED_004, 'utf8').replace(/^\s*date \d{4}-\d{2}-\d{2}\s*/, '');
  return [
    {
      name: 'the call is reported, in English and in French',
      now: at('2023-08-15T20:00:00Z'),
      a: [{ title: CALL_TITLE, link: 'https://wire.example/2023/08/15/putin-mali-niger-call', guid: 'wire-call', description: reutersOriginal(seed000), pubDate: at('2023-08-15T17:00:00Z') }],
      b: [{
        title: 'Niger : Vladimir Poutine et Assimi Goïta en appellent à une solution pacifique',
        link: 'https://presse.example/2023/08/15/poutine-goita-niger',
        guid: 'presse-call',
        description: 'Le président russe Vladimir Poutine s’est entretenu mardi au téléphone avec le colonel Assimi Goïta, président de la transition au Mali, au sujet du coup d’État au Niger. Poutine a souligné l’importance d’un règlement pacifique pour un Sahel plus stable, a indiqué Goïta sur le réseau social X. Selon le Kremlin, l’appel a été initié par le Mali. Les militaires au pouvoir à Niamey détiennent le président Mohamed Bazoum depuis le 26 juillet, et la Cédéao menace d’intervenir. Le groupe Wagner, présent au Mali, a salué le coup d’État.',
        pubDate: at('2023-08-15T19:00:00Z'),
      }],
    },
    {
      name: 'the same leaders talk again a month later: another event',
      now: at('2023-09-20T12:00:00Z'),
      a: [{
        title: LATER_CALL_TITLE,
        link: 'https://wire.example/2023/09/19/putin-goita-second-call',
        guid: 'wire-call-2',
        description: 'Russian President Vladimir Putin and Mali’s interim President Assimi Goita discussed security cooperation and Russian grain and fertiliser deliveries in a phone call on Tuesday, the Kremlin said, their second conversation since the summer. Goita thanked Russia for its support to Mali’s armed forces against jihadist groups in the north.',
        pubDate: at('2023-09-19T16:00:00Z'),
      }],
      b: [],
    },
    {
      name: 'the seeds are republished: seed 004 (November 2023) and seed 000 on a page of January 2025',
      now: at('2025-01-29T12:00:00Z'),
      a: [{ title: 'PUTIN TALKS TO MALI’S LEADER ABOUT NIGER COUP, STRESSES PEACE', link: 'https://smartnews.example/putin-talks-to-malis-leader-about-niger-coup-stresses-peace', guid: 'smartnews-call', description: seed000, pubDate: at('2025-01-29T08:00:00Z') }],
      b: [
        { title: 'Putin and Goita discuss Niger crisis in phone call', link: 'https://sahel-insight.example/2023/11/11/putin-goita-niger', guid: 'insight-call', description: seed004, pubDate: at('2023-11-11T09:00:00Z') },
        {
          title: OLD_WIRE_TITLE,
          link: 'https://archive.example/2004/10/08/mauritania-plot',
          guid: 'archive-2004',
          description: 'Mauritanian authorities have arrested a former army major accused of masterminding a failed coup plot against President Maaouiya Ould Taya, officials in Nouakchott said on Friday. He was detained near the border with Mali.',
          pubDate: at('2004-10-08T11:00:00Z'),
        },
      ],
    },
    {
      name: 'an attack, then a French report that raises the toll',
      now: at('2025-02-10T12:00:00Z'),
      a: [{
        title: ATTACK_TITLE,
        link: 'https://wire.example/2025/02/09/mopti-market-attack',
        guid: 'wire-mopti',
        description: 'Gunmen on motorbikes attacked the weekly market in Mopti in central Mali on Sunday, killing at least 20 people, local officials said. Witnesses said the attackers set stalls on fire before fleeing towards the Inner Niger Delta. No group has claimed the attack; JNIM fighters are active in the area.',
        pubDate: at('2025-02-09T18:00:00Z'),
      }],
      b: [{
        title: 'Mali : le bilan de l’attaque du marché de Mopti passe à 35 morts',
        link: 'https://presse.example/2025/02/10/mopti-bilan',
        guid: 'presse-mopti',
        description: 'Le bilan de l’attaque de dimanche contre le marché hebdomadaire de Mopti, dans le centre du Mali, s’est alourdi à 35 morts, selon des sources locales. Des hommes armés à moto ont incendié des étals avant de fuir. Le JNIM est actif dans la zone.',
        pubDate: at('2025-02-10T09:00:00Z'),
      }],
    },
  ];
}
