// Decides whether a rebirth request (NCMD Node Control/Rebirth) may go out now: one per edge node per
// cooldown, a global budget per minute, and an off switch. Pure (injectable clock); it does not publish.

/**
 * no_session: DATA, DBIRTH or DDEATH of a node whose NBIRTH this host has not seen; unknown_metric: DATA
 * naming a metric its scope's birth did not declare (both a stale view).
 */
export type RebirthReason =
  'unknown_alias' | 'unknown_metric' | 'seq_gap' | 'no_session' | 'startup' | 'reconnect' | 'operator';
export type RebirthDecision = 'send' | 'cooldown' | 'budget' | 'off';

export interface GovernorOptions {
  enabled: boolean;
  cooldownMs: number;
  budgetPerMinute: number;
  now?: () => number;
}

export class RebirthGovernor {
  private readonly lastSent = new Map<string, number>();
  private window: number[] = [];
  private readonly now: () => number;

  constructor(private readonly opts: GovernorOptions) {
    this.now = opts.now ?? Date.now;
  }

  decide(node: string, reason: RebirthReason): RebirthDecision {
    // An operator's explicit request is honoured even with automatic rebirths switched off.
    if (!this.opts.enabled && reason !== 'operator') return 'off';
    const t = this.now();
    const last = this.lastSent.get(node);
    if (last !== undefined && t - last < this.opts.cooldownMs) return 'cooldown';
    this.window = this.window.filter((s) => t - s < 60_000);
    if (this.window.length >= this.opts.budgetPerMinute) return 'budget';
    this.window.push(t);
    this.lastSent.set(node, t);
    return 'send';
  }
}
