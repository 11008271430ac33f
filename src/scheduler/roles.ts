// Roles only one process may run at a time (the story writer, the sender): a lease in the store, renewed by its
// holder every third of its length. A standby tries at the same pace and takes the role once the lease expired
// (its holder died) or was released (a clean shutdown). Leases run on the wall clock: they are about processes.
import type { Logger } from '../log.js';
import type { Repos, Store } from '../store/index.js';

export interface RoleLeaseOptions {
  /** The role, e.g. 'stories' or 'sender'. */
  name: string;
  /** This process, unique across processes and restarts. */
  owner: string;
  ttlMs: number;
  /** Run before the role is taken (the story writer rebuilds its index from the stored fingerprints). */
  onAcquire?: () => Promise<void>;
  onLose?: () => void;
}

export class RoleLease {
  private held = false;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly store: Store, private readonly log: Logger, readonly options: RoleLeaseOptions) {}

  /** Whether this process holds the role now. */
  holds(): boolean {
    return this.held;
  }

  /** Try at once, then keep renewing (or trying) every third of the lease. */
  async start(): Promise<void> {
    await this.tick();
    const every = Math.max(250, Math.floor(this.options.ttlMs / 3));
    this.timer = setInterval(() => void this.tick(), every);
    this.timer.unref();
  }

  /** One renewal or try; never two at once. */
  tick(): Promise<void> {
    this.ticking ??= this.renew().finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async renew(): Promise<void> {
    if (this.stopped) return;
    const { name, owner, ttlMs } = this.options;
    let ok: boolean;
    try {
      ok = await this.store.leases.acquire(name, owner, Date.now(), ttlMs);
    } catch (err) {
      // The store is unreachable: keep nothing we cannot prove we hold.
      this.log.warn({ role: name, error: err instanceof Error ? err.message : String(err) }, 'role lease could not be renewed');
      ok = false;
    }
    if (ok && !this.held) {
      try {
        await this.options.onAcquire?.();
      } catch (err) {
        this.log.error({ role: name, err }, 'role taken but could not start; released');
        await this.store.leases.release(name, owner).catch(() => undefined);
        return;
      }
      this.held = true;
      this.log.info({ role: name, owner }, 'role taken');
    } else if (!ok && this.held) {
      this.held = false;
      this.log.warn({ role: name, owner }, 'role lost to another process');
      this.options.onLose?.();
    }
  }

  /**
   * Inside a transaction that acts as the role (files a story): renew the lease in that transaction, so a process
   * that lost it (a long pause, a network split) cannot write after another took over. False: lost.
   */
  async fence(tx: Repos): Promise<boolean> {
    const ok = await tx.leases.acquire(this.options.name, this.options.owner, Date.now(), this.options.ttlMs);
    if (!ok && this.held) {
      this.held = false;
      this.log.warn({ role: this.options.name }, 'role lost to another process (found while writing)');
      this.options.onLose?.();
    }
    return ok;
  }

  /** Stop renewing and give the role up, so a standby takes it at its next try. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    if (this.held) {
      this.held = false;
      await this.store.leases.release(this.options.name, this.options.owner).catch(() => undefined);
    }
  }
}
