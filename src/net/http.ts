// The project's one HTTP client: GET with conditional headers, one hard deadline, a cap on decompressed
// bytes, redirects followed by hand, and the SSRF guard applied to the very address that gets connected to.
import http from 'node:http';
import https from 'node:https';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import zlib from 'node:zlib';
import { isPublicAddress } from './guard.js';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Hostname → addresses. The system resolver by default; tests inject one to see what gets connected to. */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export interface HttpGetOptions {
  userAgent: string;
  etag?: string | null;
  lastModified?: string | null;
  /** Deadline for the whole exchange: DNS, connect, every redirect and the last byte of the body. */
  timeoutMs?: number;
  /** Cap on the body after decompression. */
  maxBytes?: number;
  maxRedirects?: number;
  accept?: string;
  /** Turns the SSRF guard off (tests on 127.0.0.1, self-hosting next to the feeds). */
  allowPrivateNetworks?: boolean;
  /** Exact addresses exempt from the guard while it stays on (one internal feed host; tests on 127.0.0.1). */
  trustedAddresses?: readonly string[];
  signal?: AbortSignal;
  resolve?: ResolveHost;
}

export interface HttpResponse {
  status: number;
  /** The URL that answered, after redirects. */
  url: string;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  notModified: boolean;
}

export type HttpErrorCode = 'bad-url' | 'blocked' | 'timeout' | 'too-large' | 'redirects' | 'network' | 'status';

export class HttpError extends Error {
  override name = 'HttpError';
  readonly status?: number;
  readonly retryAfterMs?: number;

  /**
   * `url` is the URL being fetched when it failed (after redirects); `reason` completes a sentence whose
   * subject is that URL ("answered 404 Not Found"), so callers can say "feed <url> <reason>".
   */
  constructor(
    readonly code: HttpErrorCode,
    readonly url: string,
    readonly reason: string,
    extra: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(`${url} ${reason}`, extra.cause === undefined ? undefined : { cause: extra.cause });
    if (extra.status !== undefined) this.status = extra.status;
    if (extra.retryAfterMs !== undefined) this.retryAfterMs = extra.retryAfterMs;
  }
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Retry-After beyond a week is a misconfiguration, not advice. */
const MAX_RETRY_AFTER_MS = 7 * 24 * 3600_000;

const systemResolve: ResolveHost = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export async function httpGet(url: string, opts: HttpGetOptions): Promise<HttpResponse> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  let current = parseHttpUrl(url);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const signal = opts.signal ? AbortSignal.any([deadline.signal, opts.signal]) : deadline.signal;
  const conditional = Boolean(opts.etag || opts.lastModified);
  try {
    for (let redirects = 0; ; redirects++) {
      const res = await requestOnce(current, opts, signal);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECT_STATUSES.has(status) && location) {
        res.destroy();
        if (redirects >= maxRedirects) throw new HttpError('redirects', url, `redirected more than ${maxRedirects} times (last hop ${current.href})`);
        current = parseRedirect(location, current);
        continue;
      }
      const headers = flattenHeaders(res.headers);
      if (status === 304) {
        res.destroy();
        if (!conditional) throw new HttpError('status', current.href, 'answered 304 Not Modified to a request that was not conditional', { status });
        return { status, url: current.href, headers, body: Buffer.alloc(0), notModified: true };
      }
      if (status < 200 || status > 299) {
        res.destroy();
        const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(headers['retry-after'], Date.now()) : undefined;
        // The standard phrase, not the server's: its reason text may be anything and ends up in chat notices.
        const phrase = http.STATUS_CODES[status] ?? '';
        throw new HttpError('status', current.href, `answered ${status}${phrase ? ` ${phrase}` : ''}`, {
          status,
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        });
      }
      const body = await readBody(res, current.href, maxBytes, signal);
      return { status, url: current.href, headers, body, notModified: false };
    }
  } catch (err) {
    throw asHttpError(err, current.href, { timedOut: deadline.signal.aborted, timeoutMs });
  } finally {
    clearTimeout(timer);
  }
}

function parseHttpUrl(raw: string): URL {
  const shown = raw.length > 200 ? `${raw.slice(0, 199)}…` : raw;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new HttpError('bad-url', shown, 'is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new HttpError('bad-url', shown, 'is not an http(s) URL');
  if (url.username || url.password) throw new HttpError('bad-url', redactCredentials(url), 'carries a user name or password; put no credentials in feed URLs');
  return url;
}

function redactCredentials(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}

function parseRedirect(location: string, from: URL): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new HttpError('bad-url', from.href, `redirected to an invalid URL (${location.slice(0, 200)})`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new HttpError('blocked', from.href, `redirected to a non-http(s) URL (${next.protocol})`);
  if (next.username || next.password) throw new HttpError('blocked', from.href, 'redirected to a URL with credentials');
  return next;
}

/** One request to one URL: resolve, check every address, then connect only to the checked addresses. */
async function requestOnce(url: URL, opts: HttpGetOptions, signal: AbortSignal): Promise<http.IncomingMessage> {
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(hostname);
  const addresses: ResolvedAddress[] =
    family !== 0 ? [{ address: hostname, family }] : await abortable((opts.resolve ?? systemResolve)(hostname), signal);
  if (addresses.length === 0) throw new HttpError('network', url.href, `could not be resolved (no address for ${hostname})`);
  if (!opts.allowPrivateNetworks) {
    const refused = addresses.find((a) => !isPublicAddress(a.address) && !opts.trustedAddresses?.includes(a.address));
    if (refused) {
      throw new HttpError('blocked', url.href, `resolves to ${refused.address}, a loopback, private or reserved address; refused (ALLOW_PRIVATE_NETWORKS=true allows it on a self-hosted bot)`);
    }
  }
  // Pinning the connection to what was checked is what defeats DNS rebinding: no second lookup happens.
  const lookup: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, addresses.map((a) => ({ address: a.address, family: a.family })));
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
  const headers: Record<string, string> = {
    'user-agent': opts.userAgent,
    accept: opts.accept ?? '*/*',
    'accept-encoding': 'gzip, deflate, br',
  };
  if (opts.etag) headers['if-none-match'] = opts.etag;
  if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(url, { method: 'GET', headers, agent: false, lookup, signal }, resolve);
    req.on('error', reject);
    req.end();
  });
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}

/**
 * Reads the body through the decompressor the server named, counting decompressed bytes and stopping
 * the moment they pass the cap, so a gzip bomb costs at most maxBytes of memory.
 */
function readBody(res: http.IncomingMessage, url: string, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const tooLarge = (): HttpError => new HttpError('too-large', url, `sent more than ${formatBytes(maxBytes)}; gave up`);
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    return Promise.reject(tooLarge());
  }
  const encoding = (res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (!['identity', 'gzip', 'x-gzip', 'deflate', 'br', ''].includes(encoding)) {
    res.destroy();
    return Promise.reject(new HttpError('network', url, `sent a body in an unsupported content encoding (${encoding.slice(0, 40)})`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let decodedBytes = 0;
    let rawBytes = 0;
    let rawEnded = false;
    let settled = false;
    let decoder: zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress | null = null;

    const finish = (err: Error | null): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (err) {
        res.destroy();
        decoder?.destroy();
        reject(err);
      } else {
        resolve(Buffer.concat(chunks, decodedBytes));
      }
    };
    const onAbort = (): void => finish(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });

    const collect = (chunk: Buffer): void => {
      if (settled) return;
      decodedBytes += chunk.length;
      if (decodedBytes > maxBytes) finish(tooLarge());
      else chunks.push(chunk);
    };
    const makeDecoder = (first: Buffer): typeof decoder => {
      if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.createGunzip();
      if (encoding === 'br') return zlib.createBrotliDecompress();
      if (encoding === 'deflate') return looksLikeZlibHeader(first) ? zlib.createInflate() : zlib.createInflateRaw();
      return null;
    };

    res.on('data', (chunk: Buffer) => {
      if (settled) return;
      rawBytes += chunk.length;
      if (rawBytes > maxBytes) return finish(tooLarge());
      if (encoding === 'identity' || encoding === '') return collect(chunk);
      if (!decoder) {
        decoder = makeDecoder(chunk);
        decoder!.on('data', collect);
        decoder!.on('error', (e: Error) => finish(new HttpError('network', url, 'sent a corrupt compressed body', { cause: e })));
        decoder!.on('end', () => finish(null));
      }
      decoder!.write(chunk);
    });
    res.on('end', () => {
      rawEnded = true;
      if (decoder) decoder.end();
      else finish(null);
    });
    res.on('error', (e) => finish(e));
    res.on('close', () => {
      if (!rawEnded) finish(new HttpError('network', url, 'closed the connection before the body was complete'));
    });
  });
}

function looksLikeZlibHeader(b: Buffer): boolean {
  return b.length >= 2 && (b[0]! & 0x0f) === 8 && ((b[0]! << 8) | b[1]!) % 31 === 0;
}

function flattenHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(h)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Retry-After is either delay-seconds or an HTTP-date; anything else is ignored. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(Number(v) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}

function asHttpError(err: unknown, url: string, ctx: { timedOut: boolean; timeoutMs: number }): HttpError {
  if (err instanceof HttpError) return err;
  if (ctx.timedOut) return new HttpError('timeout', url, `did not complete within ${formatDuration(ctx.timeoutMs)}`, { cause: err });
  const e = err as NodeJS.ErrnoException | undefined;
  const code = e?.code ?? '';
  if (e?.name === 'AbortError' || code === 'ABORT_ERR') return new HttpError('network', url, 'was cancelled', { cause: err });
  return new HttpError('network', url, describeNetworkFailure(code, e?.message ?? String(err)), { cause: err });
}

function describeNetworkFailure(code: string, message: string): string {
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return `could not be resolved (${code})`;
    case 'ECONNREFUSED':
      return 'refused the connection (ECONNREFUSED)';
    case 'ECONNRESET':
      return 'reset the connection (ECONNRESET)';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `is unreachable (${code})`;
    case 'ETIMEDOUT':
      return 'did not accept the connection in time (ETIMEDOUT)';
    case 'EPIPE':
      return 'closed the connection (EPIPE)';
  }
  if (code.startsWith('HPE_')) return `sent an invalid HTTP response (${code})`;
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || /certificate|ssl|tls/i.test(message)) return `failed the TLS check: ${firstLine(message)}`;
  return `could not be fetched: ${firstLine(message)}${code ? ` (${code})` : ''}`;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 200);
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Number((n / (1024 * 1024)).toFixed(1))} MB`;
  if (n >= 1024) return `${Number((n / 1024).toFixed(1))} KB`;
  return `${n} bytes`;
}

function formatDuration(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}

/**
 * Bytes → text. A BOM wins (it cannot lie by accident), then the zero-byte pattern of UTF-16/32 markup; then
 * the Content-Type charset; then the XML declaration or an HTML <meta>; then UTF-8. A declared or assumed
 * UTF-8 that is not valid UTF-8 is read as windows-1252 — the usual truth on francophone sites that label
 * Latin-1 pages as UTF-8.
 */
export function decodeText(body: Buffer, contentType?: string | null): string {
  const bom = sniffBom(body);
  if (bom) return decodeWith(bom.encoding, body.subarray(bom.length));
  const label = sniffUtf16Or32(body) ?? charsetFromContentType(contentType) ?? charsetFromMarkup(body);
  const encoding = label ? canonicalEncoding(label) : 'utf-8';
  if (encoding === 'utf-8') return decodeUtf8OrLegacy(body);
  // The reverse lie: a Latin-1 label on UTF-8 bytes. Real windows-1252 French text is practically never
  // valid UTF-8 once it has an accent, so valid multi-byte UTF-8 wins.
  if (encoding === 'windows-1252') {
    const utf8 = utf8Reading(body);
    // Fewer characters than bytes means multi-byte sequences were there.
    if (utf8 !== null && utf8.length < body.length) return utf8;
  }
  return decodeWith(encoding, body);
}

function strictUtf8(b: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b);
  } catch {
    return null;
  }
}

function sniffBom(b: Buffer): { encoding: string; length: number } | null {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return { encoding: 'utf-32le', length: 4 };
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** "<?xml" without a BOM in UTF-16 or UTF-32 shows itself by where the zero bytes fall. */
function sniffUtf16Or32(b: Buffer): string | null {
  if (b.length < 4) return null;
  const [a, c, d, e] = [b[0], b[1], b[2], b[3]];
  if (a === 0x3c && c === 0 && d === 0 && e === 0) return 'utf-32le';
  if (a === 0 && c === 0 && d === 0 && e === 0x3c) return 'utf-32be';
  if (a === 0x3c && c === 0 && d === 0x3f && e === 0) return 'utf-16le';
  if (a === 0 && c === 0x3c && d === 0 && e === 0x3f) return 'utf-16be';
  return null;
}

function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return m ? m[2]! : null;
}

function charsetFromMarkup(b: Buffer): string | null {
  const head = b.subarray(0, 2048).toString('latin1');
  const xml = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  if (xml) return xml[1]!;
  const meta = /<meta\s[^>]*?charset\s*=\s*["']?([A-Za-z0-9._:-]+)/i.exec(head);
  return meta ? meta[1]! : null;
}

/** WHATWG label → a name TextDecoder accepts; unknown labels fall back to UTF-8 sniffing. */
function canonicalEncoding(label: string): string {
  const l = label.trim().toLowerCase();
  if (l === 'utf8' || l === 'utf-8' || l === 'unicode-1-1-utf-8') return 'utf-8';
  if (l === 'utf-32' || l === 'ucs-4') return 'utf-32be';
  if (l === 'utf-32le' || l === 'utf-32be') return l;
  if (l === 'utf-16' || l === 'ucs-2' || l === 'unicode') return 'utf-16le';
  try {
    return new TextDecoder(l).encoding;
  } catch {
    return 'utf-8';
  }
}

function decodeUtf8OrLegacy(b: Buffer): string {
  return utf8Reading(b) ?? new TextDecoder('windows-1252').decode(b);
}

/**
 * The bytes as UTF-8 when they are UTF-8, else null. A stray invalid byte in a UTF-8 document becomes U+FFFD
 * rather than turning every accent of the rest into windows-1252 mojibake: the bytes are taken for UTF-8
 * unless their invalid sequences outnumber their valid multi-byte ones (windows-1252 French has almost none).
 */
function utf8Reading(b: Buffer): string | null {
  const strict = strictUtf8(b);
  if (strict !== null) return strict;
  const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);
  let replaced = 0;
  let multiByte = 0;
  for (let i = 0; i < lenient.length; i++) {
    const c = lenient.charCodeAt(i);
    if (c === 0xfffd) replaced++;
    // A character outside the BMP is two UTF-16 units: count its high half only.
    else if (c >= 0x80 && (c < 0xdc00 || c > 0xdfff)) multiByte++;
  }
  return multiByte > replaced ? lenient : null;
}

function decodeWith(encoding: string, b: Buffer): string {
  if (encoding === 'utf-8') return decodeUtf8OrLegacy(b);
  if (encoding === 'utf-32le' || encoding === 'utf-32be') return decodeUtf32(b, encoding === 'utf-32le');
  // A UTF-16 label on bytes that are not UTF-16 (a common server lie) decodes to garbage; the markup sniff rescues it.
  if ((encoding === 'utf-16le' || encoding === 'utf-16be') && !sniffUtf16Or32(b) && b.length > 1 && b[0] === 0x3c && b[1] !== 0) {
    return decodeUtf8OrLegacy(b);
  }
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(b);
}

/** TextDecoder has no UTF-32; code points outside Unicode become U+FFFD. */
function decodeUtf32(b: Buffer, littleEndian: boolean): string {
  const parts: string[] = [];
  for (let i = 0; i + 3 < b.length; i += 4) {
    const cp = littleEndian ? b.readUInt32LE(i) : b.readUInt32BE(i);
    parts.push(cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : '\ufffd');
  }
  return parts.join('');
}
