// SAF sessions of the simulator: opaque tokens that expire after clientTimeout ms without a call (any
// call with the token restarts the timer), revocation, and the forced expiry of every token at once.
// Kept in memory only: a restarted simulator has no sessions, like a restarted SAF service.

import { randomBytes } from 'node:crypto';

export const DEFAULT_CLIENT_TIMEOUT_MS = 60_000;

export interface SessionSettings {
  clientTimeout: number;
  autoCreateDatasets: boolean;
}

export interface Session {
  token: string;
  clientId: string;
  historians: string[];
  settings: SessionSettings;
  lastCallAt: number;
}

export interface Sessions {
  open(clientId: string, historians: string[], settings: Partial<SessionSettings>): Session;
  /** The live session of a token, its timer restarted; undefined when unknown, revoked or expired. */
  touch(token: unknown): Session | undefined;
  revoke(token: unknown): boolean;
  /** Every token becomes invalid now (fault switch). */
  expireAll(): void;
  /** Live sessions (expired ones are dropped first). */
  count(): number;
}

function newToken(): string {
  const hex = randomBytes(8).toString('hex').toUpperCase();
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}`;
}

/** `now` is a monotonic millisecond clock (performance.now by default). */
export function createSessions(opts: { defaultAutoCreateDatasets: boolean; now?: () => number }): Sessions {
  const now = opts.now ?? (() => performance.now());
  const live = new Map<string, Session>();
  const expired = (s: Session, t: number) => t - s.lastCallAt > s.settings.clientTimeout;
  const sweep = () => {
    const t = now();
    for (const [token, s] of live) if (expired(s, t)) live.delete(token);
  };

  const sessions: Sessions = {
    open(clientId, historians, settings) {
      sweep();
      const session: Session = {
        token: newToken(),
        clientId,
        historians,
        settings: {
          clientTimeout: settings.clientTimeout ?? DEFAULT_CLIENT_TIMEOUT_MS,
          autoCreateDatasets: settings.autoCreateDatasets ?? opts.defaultAutoCreateDatasets,
        },
        lastCallAt: now(),
      };
      live.set(session.token, session);
      return session;
    },
    touch(token) {
      if (typeof token !== 'string') return undefined;
      const s = live.get(token);
      if (!s) return undefined;
      const t = now();
      if (expired(s, t)) {
        live.delete(token);
        return undefined;
      }
      s.lastCallAt = t;
      return s;
    },
    revoke(token) {
      return sessions.touch(token) !== undefined && live.delete(token as string);
    },
    expireAll() {
      live.clear();
    },
    count() {
      sweep();
      return live.size;
    },
  };
  return sessions;
}
