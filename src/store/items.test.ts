import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { toFtsQuery, type NewItem, type Store } from './index.js';
import { openTestStore } from '../../test/store.js';

let store: Store;
let feedId: number;
const item = (n: number, over: Partial<NewItem> = {}): NewItem => ({
  feedId, identity: `i${n}`, title: `Niamey: junta announces curfew ${n}`, text: 'The military rulers in Niamey announced a curfew.', link: `https://x.example/${n}`,
  canonicalUrl: null, author: null, publishedAt: n, fetchedAt: 1000 + n, lang: 'en', relevant: true, score: 5, countries: ['NER'], themes: ['coup'], actors: [],
  topicMatch: null, articleText: null, summary: null, fingerprint: null, ...over,
});

beforeEach(async () => {
  store = await openTestStore('items');
  feedId = (await store.feeds.ensure('https://x.example/feed', 0)).id;
});
afterEach(() => store.close());

describe('search', () => {
  it('finds Sahel items, highlights the match, and ignores items that are not about the Sahel', async () => {
    await store.items.insert(item(1));
    await store.items.insert(item(2, { title: 'Niamey jazz festival opens', relevant: false }));
    const hits = await store.items.search('curfew');
    expect(hits).toHaveLength(1);
    expect(hits[0]!.titleHighlighted).toContain('**curfew**');
    expect(await store.items.search('jazz')).toHaveLength(0);
  });

  it('searches the extracted article too, accents ignored and words stemmed', async () => {
    // Seed 000's case: the title names Putin, only the article names Goita.
    await store.items.insert(item(1, {
      title: 'Putin talks to Mali’s leader about Niger coup',
      text: 'Russian President Vladimir Putin spoke to Mali’s military leader.',
      articleText: 'Putin stressed the importance of a peaceful resolution, Mali’s interim President Assimi Goita said on social media.',
    }));
    await store.items.insert(item(2, { title: 'Burkina : deux attaques contre des convois', text: 'Des hommes armés ont attaqué deux convois près de Djibo.' }));
    expect((await store.items.search('Goïta')).map((h) => h.item.id)).toEqual([1]);
    expect((await store.items.search('goita'))[0]!.snippet).toContain('**Goita**');
    expect((await store.items.search('attaque')).map((h) => h.item.id)).toEqual([2]);
    expect(await store.items.search('Ouagadougou')).toHaveLength(0);
  });

  it('accepts any user text, FTS operators included, as a plain query', async () => {
    await store.items.insert(item(1));
    for (const q of ['"unbalanced', 'NEAR(a b', 'title:niger', 'curfew AND (', '*', '^', 'NOT', "l'armée", '🇳🇪']) {
      await expect(store.items.search(q)).resolves.toBeInstanceOf(Array);
    }
    expect(toFtsQuery('  ')).toBeNull();
    expect(toFtsQuery('say "hi" OR')).toBe('"say" "hi" "OR"');
    expect(await store.items.search('curfew OR')).toHaveLength(0);
  });

  it('matches without accents and respects since', async () => {
    await store.items.insert(item(1, { title: 'Ségou : couvre-feu décrété', fetchedAt: 5000 }));
    expect(await store.items.search('segou')).toHaveLength(1);
    expect(await store.items.search('segou', { since: 6000 })).toHaveLength(0);
  });
});

describe('stories', () => {
  it('counts sources and filters latest by country and theme', async () => {
    const a = await store.items.insert(item(1));
    const s = await store.stories.create({ originalItemId: a, bestItemId: a, title: 't', link: null, summary: null, countries: ['NER'], themes: ['coup'], score: 5, relevant: true, eventDate: null, firstSeenAt: 1, lastSeenAt: 1 });
    await store.items.setStory(a, s);
    const b = await store.items.insert(item(2));
    await store.items.setStory(b, s);
    await store.stories.addSource(s, 2, {});
    expect((await store.stories.byId(s))!.sourceCount).toBe(2);
    expect(await store.stories.latest({ countries: ['NER'] }, 5)).toHaveLength(1);
    expect(await store.stories.latest({ countries: ['MLI'] }, 5)).toHaveLength(0);
    expect(await store.stories.latest({ themes: ['coup'] }, 5)).toHaveLength(1);
    expect((await store.stories.sources(s)).map((x) => x.itemId)).toEqual([a, b]);
  });
});
