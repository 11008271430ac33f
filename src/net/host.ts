// The one reading of "which site is this": a URL's host name without a leading "www." (nor a port).

/** `https://www.rfi.fr:443/x` → `rfi.fr`; null when the text is not a URL. */
export function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}
