import { describe, expect, it } from 'vitest';
import { DiscordAPIError } from 'discord.js';
import { classifyDiscordError } from './sink.js';
import { ChannelUnavailableError, MessageGoneError } from '../delivery/dispatcher.js';

const CHANNEL = '900000000000000002';
const apiError = (status: number, code: number, message: string) =>
  new DiscordAPIError({ code, message }, code, status, 'POST', `https://discord.test/api/v10/channels/${CHANNEL}/messages`, {});

describe('classifyDiscordError: what a REST error means to the dispatcher', () => {
  it.each([
    { status: 404, code: 10003, message: 'Unknown Channel', kind: 'gone', text: `channel ${CHANNEL} no longer exists (Unknown Channel)` },
    { status: 403, code: 50001, message: 'Missing Access', kind: 'forbidden', text: `channel ${CHANNEL} does not let the bot post (Missing Access)` },
    { status: 403, code: 50013, message: 'Missing Permissions', kind: 'forbidden', text: `channel ${CHANNEL} does not let the bot post (Missing Permissions)` },
  ])('$status/$code: the channel is $kind', ({ status, code, message, kind, text }) => {
    const classified = classifyDiscordError(CHANNEL, apiError(status, code, message));
    expect(classified).toBeInstanceOf(ChannelUnavailableError);
    expect(classified).toMatchObject({ channelId: CHANNEL, reason: kind, message: text });
  });

  it('a deleted message is gone, not its channel; anything else passes through unchanged', () => {
    expect(classifyDiscordError(CHANNEL, apiError(404, 10008, 'Unknown Message'))).toBeInstanceOf(MessageGoneError);
    const other = apiError(500, 0, 'Internal Server Error');
    expect(classifyDiscordError(CHANNEL, other)).toBe(other);
    const plain = new Error('socket hang up');
    expect(classifyDiscordError(CHANNEL, plain)).toBe(plain);
  });
});
