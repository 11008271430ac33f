// Fetching an article page for extraction (a teaser-only feed, `/sahel summary <url>`): the shared HTTP
// client with its limits and SSRF guard, decoded to text, refused with one user-facing line when unusable.
import { httpGet, decodeText, HttpError, type HttpErrorCode } from '../net/http.js';

export type PageErrorCode = 'bad-url' | 'blocked' | 'timeout' | 'too-large' | 'not-html' | 'http' | 'network';

export class PageError extends Error {
  override name = 'PageError';
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(
    readonly code: PageErrorCode,
    message: string,
    extra: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    if (extra.status !== undefined) this.status = extra.status;
    if (extra.retryAfterMs !== undefined) this.retryAfterMs = extra.retryAfterMs;
  }
}

export interface FetchPageOptions {
  userAgent: string;
  allowPrivateNetworks?: boolean;
  timeoutMs?: number;
  maxBytes?: number;
}

export interface FetchedPage {
  html: string;
  /** After redirects: the base for the page's relative links. */
  finalUrl: string;
  contentType: string;
}

const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1';

const CODE_OF: Record<HttpErrorCode, PageErrorCode> = {
  'bad-url': 'bad-url',
  blocked: 'blocked',
  timeout: 'timeout',
  'too-large': 'too-large',
  redirects: 'http',
  network: 'network',
  status: 'http',
};

const DESCRIBED_TYPES: [RegExp, string][] = [
  [/^application\/pdf/, 'a PDF document'],
  [/^image\//, 'an image'],
  [/^video\//, 'a video'],
  [/^audio\//, 'an audio file'],
  [/^application\/(?:rss|atom|rdf)\+xml/, 'a feed'],
  [/json/, 'JSON data'],
];

export async function fetchPage(url: string, opts: FetchPageOptions): Promise<FetchedPage> {
  let res;
  try {
    res = await httpGet(url, {
      userAgent: opts.userAgent,
      accept: PAGE_ACCEPT,
      ...(opts.allowPrivateNetworks === undefined ? {} : { allowPrivateNetworks: opts.allowPrivateNetworks }),
      ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
      ...(opts.maxBytes === undefined ? {} : { maxBytes: opts.maxBytes }),
    });
  } catch (err) {
    if (!(err instanceof HttpError)) throw new PageError('network', `the page ${url} could not be fetched`, { cause: err });
    const via = err.url !== url && err.code !== 'bad-url' ? ` (redirected to ${err.url})` : '';
    throw new PageError(CODE_OF[err.code], `the page ${err.code === 'bad-url' ? err.url : url}${via} ${err.reason}`, {
      cause: err,
      ...(err.status === undefined ? {} : { status: err.status }),
      ...(err.retryAfterMs === undefined ? {} : { retryAfterMs: err.retryAfterMs }),
    });
  }
  const contentType = (res.headers['content-type'] ?? '').trim();
  const html = decodeText(res.body, contentType);
  if (!isHtml(contentType, html)) {
    const mime = contentType.split(';')[0]!.trim().toLowerCase();
    const what = DESCRIBED_TYPES.find(([re]) => re.test(mime))?.[1] ?? (mime ? `${mime} content` : 'not a web page');
    throw new PageError('not-html', `the page ${url} is ${what}, not a web page with an article`);
  }
  return { html, finalUrl: res.url, contentType };
}

/** Trust a declared HTML type; without one, sniff the start of the body as browsers do. */
function isHtml(contentType: string, body: string): boolean {
  const mime = contentType.split(';')[0]!.trim().toLowerCase();
  if (mime === 'text/html' || mime === 'application/xhtml+xml') return true;
  if (mime && mime !== 'text/plain' && mime !== 'application/octet-stream') return false;
  return /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b/i.test(body.slice(0, 4096));
}
