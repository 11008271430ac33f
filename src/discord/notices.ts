// Notices the core queued as {kind, params}, rendered as Discord text in the reader's language.
import type { NoticeBody } from '../store/index.js';
import { t, type Lang } from '../i18n.js';

export function renderNotice(notice: NoticeBody, lang: Lang): string {
  switch (notice.kind) {
    case 'feed-paused':
      return t(lang, 'feedPausedNotice', notice.params);
    case 'channel-unavailable': {
      const { channelId, reason } = notice.params;
      // The error's detail stays in the log and the subscription's status.
      return t(lang, 'channelUnavailableNotice', { channel: channelId, reason: t(lang, reason === 'gone' ? 'channelGone' : 'channelForbidden') });
    }
    case 'legacy':
      return notice.params.text;
  }
}
