import { describe, it, expect } from 'vitest';
import { renderNotice } from './notices.js';

const CHANNEL = '900000000000000002';
const paused = { kind: 'feed-paused', params: { feed: 'Example News', failures: 10, error: 'the server answered 404' } } as const;

describe('notices rendered by the chat adapter in the reader’s language', () => {
  it('a paused feed, in English and in French, with the command to resume it', () => {
    expect(renderNotice(paused, 'en')).toMatch(/^⚠️ Feed paused: Example News failed 10 times in a row \(the server answered 404\)\. .*`\/sahel feeds resume`/);
    expect(renderNotice(paused, 'fr')).toMatch(/^⚠️ Flux mis en pause : Example News a échoué 10 fois de suite \(.*\)\. .*`\/sahel flux reprendre`/);
  });

  it('a channel the bot can no longer post to, in English and in French', () => {
    expect(renderNotice({ kind: 'channel-unavailable', params: { channelId: CHANNEL, reason: 'forbidden' } }, 'en')).toBe(
      `⚠️ Sahel Watch stopped posting to <#${CHANNEL}>: the bot may not post there. Give the bot View Channel, Send Messages and Embed Links there, then run \`/sahel subscribe\` in that channel again.`,
    );
    expect(renderNotice({ kind: 'channel-unavailable', params: { channelId: CHANNEL, reason: 'gone' } }, 'fr')).toBe(
      `⚠️ Sahel Watch a cessé de publier dans <#${CHANNEL}> : le salon n’existe plus. Donnez au bot les permissions « Voir les salons », « Envoyer des messages » et « Intégrer des liens » dans ce salon, puis relancez \`/sahel abonner\` dans ce salon.`,
    );
  });

  it('a notice queued as text before migration 7 is sent as it was written, whatever the language', () => {
    expect(renderNotice({ kind: 'legacy', params: { text: 'an old notice' } }, 'fr')).toBe('an old notice');
  });
});
