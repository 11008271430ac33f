import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { StoryIndex } from './story-index.js';
import type { StoryDoc } from './fingerprint.js';
import { sahelHeadline } from '../../test/e2e/fixtures.js';

const at = (iso: string) => Date.parse(iso);
const DAY = 86_400_000;

// Unrelated Sahel stories, so that word rarity means something in a small index.
const ARCHIVE: Array<[string, StoryDoc]> = [
  ['floods-niamey', {
    title: 'Floods kill 32 in Niger as the Niger River bursts its banks in Niamey',
    text: 'Heavy rains have killed at least 32 people in Niger since June, the civil protection agency said on Monday, as the Niger River burst its banks in several districts of Niamey. More than 12,000 people have lost their homes, according to the humanitarian affairs ministry. Aid groups warned that stagnant water could spread cholera in the capital.',
    url: 'https://www.voaafrica.com/a/floods-kill-32-in-niger/7210001.html', publishedAt: at('2023-08-07T10:00:00Z'),
  }],
  ['djibo-attack', {
    title: 'Burkina Faso: dozens of soldiers killed in attack near Djibo',
    text: 'Suspected jihadists attacked an army detachment near Djibo in northern Burkina Faso on Saturday, killing 17 soldiers and 36 volunteer fighters, the army said in a statement on Sunday. The government of Captain Ibrahim Traore declared three days of national mourning. The JNIM group, linked to al Qaeda, claimed the attack.',
    url: 'https://www.aljazeera.com/news/2023/6/27/burkina-djibo-attack', publishedAt: at('2023-06-27T08:00:00Z'),
  }],
  ['mali-referendum', {
    title: 'Mali voters approve new constitution in referendum, commission says',
    text: 'Malian voters approved a new constitution proposed by the ruling junta with 97 percent of the vote in a referendum held on June 18, the electoral commission said on Friday. Turnout was 39 percent. The new text strengthens the powers of the president and was backed by interim President Assimi Goita, who says it will pave the way for elections in 2024.',
    url: 'https://www.reuters.com/world/africa/mali-voters-approve-constitution-2023-06-23/', publishedAt: at('2023-06-23T18:00:00Z'),
  }],
  ['chad-dialogue', {
    title: 'Tchad : le dialogue national prolonge la transition de deux ans',
    text: 'Le dialogue national inclusif a adopté samedi à N’Djamena une résolution prolongeant de 24 mois la transition dirigée par le général Mahamat Idriss Déby. Les participants ont également autorisé le président de transition à se présenter à la future élection présidentielle. Plusieurs partis d’opposition ont boycotté les travaux.',
    url: 'https://www.rfi.fr/fr/afrique/20221001-tchad-dialogue-national-transition', publishedAt: at('2022-10-01T19:00:00Z'),
  }],
  ['mauritania-gas', {
    title: 'Mauritania and Senegal sign deal on offshore gas field',
    text: 'Mauritania and Senegal signed an agreement on Thursday on the shared Greater Tortue Ahmeyim offshore gas field operated by BP, officials in Nouakchott said. First gas is expected next year. President Mohamed Ould Ghazouani said the project would bring 2.5 million tonnes of liquefied natural gas a year.',
    url: 'https://www.africanews.com/2023/02/09/mauritania-senegal-gas', publishedAt: at('2023-02-09T12:00:00Z'),
  }],
  ['ecowas-sanctions', {
    title: 'ECOWAS imposes sanctions on Niger after coup, threatens use of force',
    text: 'West African leaders meeting in Abuja on Sunday imposed financial sanctions on Niger and gave the junta one week to reinstate President Mohamed Bazoum or face possible military intervention. The Economic Community of West African States closed borders and froze the country’s assets at the regional central bank. Mali and Burkina Faso said any intervention would be treated as a declaration of war.',
    url: 'https://www.france24.com/en/africa/20230730-ecowas-sanctions-niger', publishedAt: at('2023-07-30T20:00:00Z'),
  }],
];

// The Reuters story of 15 August 2023, as the wire published it.
const REUTERS_CALL: StoryDoc = {
  title: 'Putin talks to Mali’s leader about Niger coup, stresses peace',
  text: 'Russian President Vladimir Putin spoke to Mali’s military leader about the recent coup in Niger on Tuesday, a call likely to cause concern among Western governments that fear growing Russian influence in West Africa’s Sahel region. Putin “stressed the importance of a peaceful resolution of the situation for a more stable Sahel,” Mali’s interim President Assimi Goita said on social media platform X, formerly known as Twitter. The Kremlin said in a statement that the call was initiated by Mali. Niger has strategic significance for the United States, China, Europe and Russia due to its uranium and oil resources. Western powers and democratic African governments have called for the coup leaders to reinstate ousted President Mohamed Bazoum, who they have detained since July 26. West African army chiefs will meet on Thursday and Friday in Ghana to prepare for a possible military intervention.',
  url: 'https://www.reuters.com/world/africa/putin-talks-mali-leader-about-niger-coup-stresses-peace-2023-08-15/',
  publishedAt: at('2023-08-15T15:20:00Z'),
};

function indexWithArchive(options = {}): StoryIndex {
  const index = new StoryIndex(options);
  for (const [id, doc] of ARCHIVE) index.add(id, doc);
  return index;
}

describe('StoryIndex: exact identity', () => {
  it('joins the same article by canonical URL and by headline', () => {
    const index = indexWithArchive();
    index.add('call', REUTERS_CALL);
    const tracked = index.assign({ ...REUTERS_CALL, title: 'x', text: '', url: `${REUTERS_CALL.url}?utm_source=twitter&utm_medium=social` }, REUTERS_CALL.publishedAt!);
    expect([tracked.storyId, tracked.reason]).toEqual(['call', 'url']);
    const retitled = index.assign({ title: 'PUTIN TALKS TO MALI’S LEADER ABOUT NIGER COUP, STRESSES PEACE - Reuters', text: '', url: null, publishedAt: REUTERS_CALL.publishedAt }, REUTERS_CALL.publishedAt!);
    expect([retitled.storyId, retitled.reason]).toEqual(['call', 'title']);
  });

  it('does not change the index when assigning', () => {
    const index = indexWithArchive();
    const before = index.size;
    index.assign(REUTERS_CALL, REUTERS_CALL.publishedAt!);
    expect(index.size).toBe(before);
    expect(index.assign(REUTERS_CALL, REUTERS_CALL.publishedAt!).storyId).toBeNull();
  });
});

describe('StoryIndex: reprints and rewrites', () => {
  it('joins a reprint of the wire story buried in a news site’s page furniture', () => {
    const index = indexWithArchive();
    index.add('call', REUTERS_CALL);
    const reprint: StoryDoc = {
      title: 'PUTIN TALKS TO MALI’S LEADER ABOUT NIGER COUP',
      text: `Home | Politics | Business | Sports\nThursday, August 17, 2023\n\n(REUTERS) – ${REUTERS_CALL.text}\n\nShare this:\nFacebook Twitter WhatsApp\n\nRELATED NEWS\nLiberia: Senate confirms new electoral commissioners\nMonrovia traders protest over new market fees\nFootball: Lone Star names squad for qualifiers\n\nSubscribe to our newsletter. © 2023 Daily Observer. All rights reserved.`,
      url: 'https://www.liberianobserver.com/putin-talks-malis-leader-about-niger-coup',
      publishedAt: at('2023-08-16T09:00:00Z'),
    };
    const a = index.assign(reprint, reprint.publishedAt!);
    expect(a.storyId).toBe('call');
    expect(a.reason).toBe('near-duplicate');
    expect(a.rehash).toBe(false);
  });

  it('joins a rewrite by another outlet: different words, the same people, places and facts', () => {
    const index = indexWithArchive();
    index.add('call', REUTERS_CALL);
    const rewrite: StoryDoc = {
      title: 'Putin urges peaceful resolution in Niger during call with Mali junta leader',
      text: 'Russian President Vladimir Putin called for a peaceful resolution of the Niger crisis in a telephone conversation with Mali’s junta chief, Colonel Assimi Goita, the Kremlin said on Tuesday. Moscow said the conversation, requested by Bamako, focused on the Sahara-Sahel region and on settling the situation in Niger only through political and diplomatic means. Soldiers have held deposed President Mohamed Bazoum since July 26, and the ECOWAS bloc has threatened to intervene.',
      url: 'https://www.vanguardngr.com/2023/08/putin-urges-peaceful-resolution-in-niger/',
      publishedAt: at('2023-08-15T18:45:00Z'),
    };
    const a = index.assign(rewrite, rewrite.publishedAt!);
    expect(a.storyId).toBe('call');
    expect(a.reason).toBe('rewrite');
    expect(a.eventDate).toBe(at('2023-08-15T00:00:00Z'));
  });

  it('joins a French report of the same call', () => {
    const index = indexWithArchive();
    index.add('call', REUTERS_CALL);
    const french: StoryDoc = {
      title: 'Niger : Vladimir Poutine et Assimi Goïta plaident pour une solution pacifique',
      text: 'Le président russe Vladimir Poutine s’est entretenu mardi au téléphone avec le président de la transition malienne, le colonel Assimi Goïta, au sujet de la situation au Niger. Selon le Kremlin, l’appel a été initié par le Mali et les deux dirigeants ont insisté sur un règlement de la crise au Niger uniquement par des moyens politiques et diplomatiques. Le président Mohamed Bazoum est retenu par les militaires depuis le 26 juillet.',
      url: 'https://www.jeuneafrique.com/1472000/politique/niger-poutine-goita-appel/',
      publishedAt: at('2023-08-15T20:10:00Z'),
    };
    expect(index.assign(french, french.publishedAt!).storyId).toBe('call');
  });
});

describe('StoryIndex: distinct events with the same actors', () => {
  it('keeps the September call between Putin and Goita apart from the August one', () => {
    const index = indexWithArchive();
    index.add('call', REUTERS_CALL);
    const september: StoryDoc = {
      title: 'Putin discusses Niger crisis with Malian leader, Kremlin says',
      text: 'Russian President Vladimir Putin on Sunday held a phone call with Mali’s interim leader Assimi Goita and discussed the fight against terrorism and the crisis in neighbouring Niger, the Kremlin said in a statement. The two leaders agreed that the situation in Niger, where a July coup ousted President Mohamed Bazoum, could only be resolved by diplomatic means. The junta in Mali has warned against outside intervention in Niger and has forged close ties with Moscow, with Wagner mercenaries deployed in the country.',
      url: 'https://www.straitstimes.com/world/europe/putin-discusses-niger-crisis-with-malian-leader-kremlin',
      publishedAt: at('2023-09-10T16:00:00Z'),
    };
    const a = index.assign(september, september.publishedAt!);
    expect(a.storyId).toBeNull();
    expect(a.reason).toBe('new');
    expect(a.eventDate).toBe(at('2023-09-10T00:00:00Z'));
  });

  it('keeps two attacks near Djibo in different weeks apart', () => {
    const index = indexWithArchive();
    const later: StoryDoc = {
      title: 'Burkina Faso: jihadists kill soldiers in new attack near Djibo',
      text: 'Gunmen attacked a military post near Djibo in northern Burkina Faso on Thursday, killing 11 soldiers and wounding 20, security sources said on Friday. The army of Captain Ibrahim Traore said it had repelled the assault and killed several attackers. JNIM, the al Qaeda affiliate, is active in the area.',
      url: 'https://www.aljazeera.com/news/2023/9/15/burkina-djibo-new-attack',
      publishedAt: at('2023-09-15T09:00:00Z'),
    };
    expect(index.assign(later, later.publishedAt!).storyId).toBeNull();
  });
});

describe('StoryIndex: same country, different events', () => {
  // Headline-and-teaser items as feeds carry them: in a young archive the country is as rare as any name.
  // Published on a Friday: "on Sunday" and "mercredi" then fall within days of each other, as on the day CI first merged them.
  const teaser = (title: string, text: string, n: number): StoryDoc => ({ title, text, url: `https://feed.example/item-${n}`, publishedAt: at('2026-12-04T08:00:00Z') + n * 60_000 });

  it('keeps a young archive of distinct events apart: a shared country is not a shared story', () => {
    // The end-to-end fixtures: sixteen different Sahel events, eight of them naming Burkina Faso, Mali or Niger.
    const index = new StoryIndex();
    const joined: string[] = [];
    for (let n = 0; n < 15; n++) {
      const item = sahelHeadline(n);
      const doc = teaser(item.title!, item.description!, n);
      const a = index.assign(doc, doc.publishedAt!);
      if (a.storyId !== null) joined.push(`${item.title} -> ${a.storyId} (${a.similarity})`);
      index.add(a.storyId ?? `event-${n}`, doc, a.fingerprint);
    }
    expect(joined).toEqual([]);
  });

  it('does not take the same wording about another town and toll for a copy', () => {
    const index = new StoryIndex();
    index.add('mopti', teaser('Mali: 7 killed as gunmen attack market in Mopti', 'Gunmen on motorbikes attacked the weekly market in Mopti, Mali, killing 7 people, local officials said, blaming jihadist fighters active in the area.', 0));
    const dori = teaser('Burkina Faso: 85 killed as gunmen attack market in Dori', 'Gunmen on motorbikes attacked the weekly market in Dori, Burkina Faso, killing 85 people, local officials said, blaming jihadist fighters active in the area.', 1);
    expect(index.assign(dori, dori.publishedAt!).reason).not.toBe('near-duplicate');
    // The same report reprinted is still a copy.
    const reprint = teaser('Mali: 7 killed as gunmen attack market in Mopti', 'Gunmen on motorbikes attacked the weekly market in Mopti, Mali, killing 7 people, local officials said, blaming jihadist fighters active in the area. Read more on our site.', 2);
    reprint.url = 'https://other-outlet.example/mopti-market';
    expect(index.assign(reprint, reprint.publishedAt!).storyId).toBe('mopti');
  });
});

describe('StoryIndex: old news', () => {
  it('flags an item that joins a story first seen more than rehashDays earlier', () => {
    const index = indexWithArchive({ rehashDays: 7 });
    index.add('call', REUTERS_CALL);
    const recycled = { ...REUTERS_CALL, url: 'https://newsblog.example/putin-mali-call', publishedAt: at('2023-10-02T07:00:00Z') };
    const a = index.assign(recycled, recycled.publishedAt!);
    expect(a.storyId).toBe('call');
    expect(a.rehash).toBe(true);
    const sameWeek = index.assign({ ...recycled, publishedAt: at('2023-08-18T07:00:00Z') }, at('2023-08-18T07:00:00Z'));
    expect(sameWeek.rehash).toBe(false);
  });

  it('flags a new story whose lead dates its event more than rehashDays before publication', () => {
    const index = indexWithArchive({ rehashDays: 7 });
    const retrospective: StoryDoc = {
      title: 'How soldiers seized power in Niamey',
      text: 'On July 26, members of the presidential guard detained President Mohamed Bazoum in his residence in Niamey and announced on national television that they had taken power. General Abdourahamane Tiani later named himself head of a transitional council.',
      url: 'https://magazine.example/how-soldiers-seized-power-niamey',
      publishedAt: at('2023-10-20T08:00:00Z'),
    };
    const a = index.assign(retrospective, retrospective.publishedAt!);
    expect(a.eventDate).toBe(at('2023-07-26T00:00:00Z'));
    expect(a.rehash).toBe(true);
  });
});

const seeds = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/seeds');
const seed000 = path.join(seeds, '000_20dd2fea7793a9d8.txt');
const seed004 = path.join(seeds, '004_e4d5b5d28518737a.txt');

describe('StoryIndex: the two seeds', () => {
  // Seed 000 is a reprint of the Reuters story of Tuesday 15 August 2023 on a Liberian site, whose page header
  // shows the day it was scraped (29 January 2025); the feed dates it 15 August. Seed 004 is an AI-style
  // rewrite published on 11 November 2023 without any date for the call.
  it.skipIf(!existsSync(seed000) || !existsSync(seed004))('puts seed 004 in seed 000’s story and flags it as a rehash', () => {
    const index = indexWithArchive();
    const reprint = readFileSync(seed000, 'utf8');
    const rewrite = readFileSync(seed004, 'utf8').replace(/^\s*date \d{4}-\d{2}-\d{2}\s*/, '');
    const original: StoryDoc = { title: 'PUTIN TALKS TO MALI’S LEADER ABOUT NIGER COUP, STRESSES PEACE', text: reprint, url: 'https://smartnewsliberia.com/putin-talks-to-malis-leader-about-niger-coup-stresses-peace/', publishedAt: at('2023-08-15T17:00:00Z') };
    const first = index.assign(original, original.publishedAt!);
    expect(first.storyId).toBeNull();
    expect(first.eventDate).toBe(at('2023-08-15T00:00:00Z'));
    index.addFingerprint('putin-goita-august', first.fingerprint);

    const later: StoryDoc = { title: 'Putin and Goita discuss Niger crisis in phone call', text: rewrite, url: 'https://sahel-insight.example/2023/11/11/putin-goita-niger', publishedAt: at('2023-11-11T09:00:00Z') };
    const a = index.assign(later, later.publishedAt!);
    expect(a.storyId).toBe('putin-goita-august');
    expect(a.rehash).toBe(true);
    expect(a.eventDate).toBe(at("2023-08-15T00:00:00Z"));
  });
});

describe('StoryIndex: persistence', () => {
  it('round-trips fingerprints through bytes and rebuilds an index that decides the same way', () => {
    const index = new StoryIndex();
    const rebuilt = new StoryIndex();
    for (const [id, doc] of [...ARCHIVE, ['call', REUTERS_CALL] as [string, StoryDoc]]) {
      const fp = index.add(id, doc);
      const bytes = StoryIndex.serialise(fp);
      const back = StoryIndex.deserialise(bytes);
      expect(back).toEqual(fp);
      rebuilt.addFingerprint(id, back);
    }
    expect(rebuilt.size).toBe(index.size);
    const probe: StoryDoc = { ...REUTERS_CALL, url: 'https://other.example/putin-goita', publishedAt: at('2023-08-16T08:00:00Z') };
    const { fingerprint: _a, ...fromOriginal } = index.assign(probe, probe.publishedAt!);
    const { fingerprint: _b, ...fromRebuilt } = rebuilt.assign(probe, probe.publishedAt!);
    expect(fromRebuilt).toEqual(fromOriginal);
    expect(fromOriginal.storyId).toBe('call');
  });

  it('refuses bytes it did not write', () => {
    const fp = new StoryIndex().fingerprint(REUTERS_CALL);
    const bytes = StoryIndex.serialise(fp);
    expect(() => StoryIndex.deserialise(bytes.subarray(0, bytes.length - 3))).toThrow(/truncated/);
    const wrongVersion = Uint8Array.from(bytes);
    wrongVersion[0] = 99;
    expect(() => StoryIndex.deserialise(wrongVersion)).toThrow(/version 99/);
  });

  it('needs a clock reading for an undated item', () => {
    expect(() => new StoryIndex().fingerprint({ ...REUTERS_CALL, publishedAt: null })).toThrow(RangeError);
    expect(new StoryIndex().fingerprint({ ...REUTERS_CALL, publishedAt: null }, at('2023-08-15T16:00:00Z')).seenAt).toBe(at('2023-08-15T16:00:00Z'));
  });
});

describe('StoryIndex: scale', () => {
  it('finds a rewrite among a thousand similar stories through the index, as a full scan does', () => {
    const places = ['Djibo', 'Gao', 'Menaka', 'Tillaberi', 'Diffa', 'Kaya', 'Dori', 'Mopti', 'Kidal', 'Ansongo'];
    const indexed = new StoryIndex();
    const scanned = new StoryIndex({ exhaustive: true });
    for (let i = 0; i < 1000; i++) {
      const place = places[i % places.length]!;
      const doc: StoryDoc = {
        title: `Attack near ${place} kills ${10 + (i % 50)} soldiers`,
        text: `Gunmen attacked an army post near ${place} on day ${i}, killing ${10 + (i % 50)} soldiers and wounding ${i % 30} others, the army said. Commander Unit${i} led the response, officials in Region${i % 97} said.`,
        url: `https://wire.example/${i}`,
        publishedAt: at('2023-01-01T00:00:00Z') + i * DAY,
      };
      indexed.add(`s${i}`, doc);
      scanned.add(`s${i}`, doc);
    }
    const rewrite: StoryDoc = {
      title: 'Soldiers killed as gunmen storm post near Menaka',
      text: 'Commander Unit702 led the army’s response after gunmen stormed a post near Menaka, where 22 soldiers were killed and 12 wounded, officials in Region23 said.',
      url: 'https://other.example/menaka',
      publishedAt: at('2023-01-01T00:00:00Z') + 702 * DAY,
    };
    const viaIndex = indexed.assign(rewrite, rewrite.publishedAt!);
    expect(viaIndex.storyId).toBe('s702');
    expect(viaIndex.storyId).toBe(scanned.assign(rewrite, rewrite.publishedAt!).storyId);
  });
});

describe('StoryIndex: a one-region stream', () => {
  // Every item names Mali, the junta, JNIM or Wagner: those are the setting, not the event.
  const battle: StoryDoc = {
    title: 'Mali: Wagner fighters and soldiers killed in battle with rebels near Tinzaouaten',
    text: 'Dozens of Wagner mercenaries and Malian soldiers were killed in fighting with Tuareg rebels of the CSP near Tinzaouaten on the Algerian border, the rebels said on Saturday. JNIM fighters also claimed an ambush on the retreating convoy. The junta in Bamako acknowledged heavy losses.',
    url: 'https://wire.example/2024/07/tinzaouaten', publishedAt: at('2024-07-28T10:00:00Z'),
  };

  it('opens a new story for an independent report weeks after the last member, even with the same actors', () => {
    const index = indexWithArchive();
    index.add('battle', battle);
    const announcement: StoryDoc = {
      title: 'Mali: Wagner fighters to leave, Russia’s Africa Corps takes over after Tinzaouaten losses',
      text: 'Wagner mercenaries will leave Mali, where dozens of them and Malian soldiers were killed in fighting with Tuareg rebels of the CSP near Tinzaouaten on the Algerian border, Russia’s Africa Corps said in a statement. The junta in Bamako relies on Russian forces against JNIM and the rebels.',
      url: 'https://other.example/2025/06/africa-corps-mali', publishedAt: at('2025-06-06T09:00:00Z'),
    };
    const a = index.assign(announcement, announcement.publishedAt!);
    expect(a.storyId).toBeNull();
    expect(a.rehash).toBe(false);
  });

  it('takes a copy of an old member into its closed story as old news, with the member’s event date', () => {
    const index = indexWithArchive();
    const first = index.assign(battle, battle.publishedAt!);
    index.addFingerprint('battle', first.fingerprint);
    // Republished months later on a page that reads "on Saturday" against its own date.
    const republished: StoryDoc = { ...battle, url: 'https://blog.example/tinzaouaten-battle', publishedAt: at('2025-01-29T08:00:00Z') };
    const a = index.assign(republished, republished.publishedAt!);
    expect(a.storyId).toBe('battle');
    expect(a.reason).toBe('near-duplicate');
    expect(a.rehash).toBe(true);
    expect(a.eventDate).toBe(first.eventDate);
  });

  it('keeps reports of different kinds of event apart the same day in the same country', () => {
    const index = indexWithArchive();
    const election: StoryDoc = {
      title: 'Chad: Mahamat Deby declared winner of presidential election',
      text: 'Chad’s electoral agency declared transitional president Mahamat Idriss Deby the winner of the presidential election with 61 percent of the vote on Thursday in N’Djamena. His main rival, Prime Minister Succes Masra, said he had won.',
      url: 'https://wire.example/chad-election', publishedAt: at('2024-05-09T18:00:00Z'),
    };
    index.add('election', election);
    const shooting: StoryDoc = {
      title: 'Chad: gunfire in N’Djamena kills several after election result',
      text: 'Soldiers fired into the air and several people were killed by stray bullets in N’Djamena on Thursday night, residents said, after the electoral agency announced Mahamat Idriss Deby’s victory. The attack on a neighbourhood of the capital left at least 9 dead.',
      url: 'https://other.example/chad-gunfire', publishedAt: at('2024-05-10T07:00:00Z'),
    };
    // Gunfire around a result is part of the election story; an attack on an army camp is not, though the
    // same president speaks of it from the same capital.
    const camp: StoryDoc = {
      title: 'Chad: Mahamat Idriss Deby vows response after Boko Haram kills 12 soldiers',
      text: 'Boko Haram fighters attacked an army camp on the Lake Chad islands on Thursday, killing 12 soldiers, the army said. President Mahamat Idriss Deby vowed a response in a speech in N’Djamena, where his rival Succes Masra was also heard.',
      url: 'https://third.example/lake-chad-camp', publishedAt: at('2024-05-10T09:00:00Z'),
    };
    expect(index.assign(camp, camp.publishedAt!).storyId).toBeNull();
    expect(index.assign(shooting, shooting.publishedAt!).storyId).toBe('election');
  });

  it('joins a French report of an English story that spells the place another way', () => {
    const index = indexWithArchive();
    const english: StoryDoc = {
      title: 'Niger says 25 soldiers killed in attack on Chinegodar army post',
      text: 'Niger’s defence ministry said on Thursday that 25 soldiers were killed when hundreds of militants attacked the army post at Chinegodar in the Tillaberi region near the Malian border. The attackers used motorbikes and vehicles.',
      url: 'https://wire.example/chinegodar', publishedAt: at('2020-01-09T21:30:00Z'),
    };
    index.add('chinegodar', english);
    const french: StoryDoc = {
      title: 'Attaque de Chinagodrar : le gouvernement nigérien porte le bilan à 89 soldats tués',
      text: 'Le bilan de l’attaque du poste militaire de Chinagodrar, dans la région de Tillabéri près de la frontière malienne, passe à 89 soldats tués, a annoncé dimanche le gouvernement nigérien. Les assaillants étaient arrivés à moto.',
      url: 'https://presse.example/chinagodrar-bilan', publishedAt: at('2020-01-12T09:30:00Z'),
    };
    const a = index.assign(french, french.publishedAt!);
    expect(a.storyId).toBe('chinegodar');
    expect(a.rehash).toBe(false);
  });

  it('flags as old news an item published long before it is seen, whatever it joins', () => {
    const index = indexWithArchive();
    const wire: StoryDoc = {
      title: 'Mauritania coup leader held after failed plot',
      text: 'Mauritanian authorities arrested a former army officer accused of leading a failed coup plot against President Maaouiya Ould Taya, officials in Nouakchott said on Friday.',
      url: 'https://archive.example/2004/10/mauritania-plot', publishedAt: at('2004-10-08T11:00:00Z'),
    };
    const a = index.assign(wire, at('2026-12-05T10:00:00Z'));
    expect(a.storyId).toBeNull();
    expect(a.rehash).toBe(true);
  });
});
