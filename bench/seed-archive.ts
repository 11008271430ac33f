// `node --import tsx bench/seed-archive.ts PATH|postgres://… COUNT`: a database (SQLite file or PostgreSQL) with COUNT relevant stories, one item each,
// from the bench templates. A script of its own: seeding 100,000 stories in the process that then hosts the fake
// Discord left it freeing ~1.5 GB while the bot was starting, and start-up looked 3-4 s slower than it is.
import { openStore } from '../src/store/index.js';
import { matchTopics } from '../src/topics/index.js';
import { feedItems } from './news.js';

/** Fill a database with `count` relevant stories, one item each, from the bench templates. */
async function seedArchive(path: string, count: number): Promise<number> {
  const store = await openStore(path);
  const now = Date.now();
  let made = 0;
  try {
    await store.transaction(async (tx) => {
      // A default feed: the bench server follows it, as every server reads only the feeds it follows.
      await tx.feeds.upsertDefaults([{ url: 'https://outlet.example/feed', title: 'Bench Outlet' }], now);
      const feed = (await tx.feeds.byUrl('https://outlet.example/feed'))!;
      for (let f = 0; made < count; f++) {
        for (const it of feedItems(f, 50, now - f * 3_600_000)) {
          if (made >= count) break;
          const match = matchTopics({ title: it.title, text: it.description });
          if (!match.relevant) continue;
          const itemId = await tx.items.insert({
            feedId: feed.id, identity: it.guid, title: it.title, text: it.description, link: it.link, canonicalUrl: it.link, author: null,
            publishedAt: it.pubDate, fetchedAt: it.pubDate, lang: null, relevant: true, score: match.score, countries: match.countries,
            themes: match.themes, actors: match.actors, topicMatch: match, articleText: null, summary: it.description.slice(0, 300), fingerprint: null,
          });
          const storyId = await tx.stories.create({
            originalItemId: itemId, bestItemId: itemId, title: it.title, link: it.link, summary: it.description.slice(0, 300), countries: match.countries,
            themes: match.themes, score: match.score, relevant: true, eventDate: null, firstSeenAt: it.pubDate, lastSeenAt: it.pubDate,
          });
          await tx.items.setStory(itemId, storyId);
          made++;
        }
      }
    });
  } finally {
    await store.close();
  }
  return made;
}

const [path, count] = process.argv.slice(2);
if (!path || !count) {
  console.error('usage: node --import tsx bench/seed-archive.ts PATH COUNT');
  process.exit(2);
}
console.log(JSON.stringify({ stories: await seedArchive(path, Number(count)) }));
