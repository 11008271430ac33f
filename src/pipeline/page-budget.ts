// How many article pages a poll cycle may fetch: a teaser item's page is read to summarise the article, but one
// feed of 500 teasers must not become 500 requests to one host (the bot can be aimed at any public host). A budget
// is shared by every feed of a cycle; what it refuses is counted, and the item is summarised from its feed text.
import { hostOf } from '../net/host.js';

/** Asked before each page fetch while polling: true to fetch, false to use the feed text. */
export interface PageGate {
  take(url: string): boolean;
}

export interface PageBudgetLimits {
  /** Pages fetched in one cycle, in all. */
  perCycle: number;
  /** Pages fetched from one host (the page URL's host) in one cycle. */
  perHost: number;
}

export class PageBudget implements PageGate {
  fetched = 0;
  /** Pages not fetched: the cycle's budget was spent, the host's was, or the feed's first run posts nothing of them. */
  readonly skipped = { cycle: 0, host: 0, firstRun: 0 };
  private readonly hosts = new Map<string, number>();

  constructor(private readonly limits: PageBudgetLimits) {}

  take(url: string): boolean {
    // A budget per site: www.example.org and example.org, on any port, are one host.
    const host = hostOf(url) ?? url;
    if (this.fetched >= this.limits.perCycle) return (this.skipped.cycle++, false);
    if ((this.hosts.get(host) ?? 0) >= this.limits.perHost) return (this.skipped.host++, false);
    this.fetched++;
    this.hosts.set(host, (this.hosts.get(host) ?? 0) + 1);
    return true;
  }

  /** The gate for a feed's first run: its items are stored, not posted, so none of their pages is fetched. */
  readonly firstRun: PageGate = { take: () => (this.skipped.firstRun++, false) };

  get skippedTotal(): number {
    return this.skipped.cycle + this.skipped.host + this.skipped.firstRun;
  }
}

/** No page at all (a first run without a cycle budget). */
export const NO_PAGES: PageGate = { take: () => false };
