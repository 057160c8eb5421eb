import postgres from "postgres";

/** The LISTEN connection's application_name, so operators (and tests) can find it in pg_stat_activity. */
export const LISTEN_APPLICATION_NAME = "bilet_listen";

export interface ListenerSettings {
  /** How often the LISTEN connection is pinged, so a half-open connection is noticed. */
  pingMs: number;
  /** How long a ping may take before the connection is given up and opened again. */
  pingTimeoutMs: number;
  /** Seconds to wait for a new connection. */
  connectTimeoutSeconds: number;
  /** Longest wait between reconnect attempts. */
  maxBackoffMs: number;
}

interface Subscriber {
  onPayload(payload: string): void;
  onResume?(): void;
}

type State = "idle" | "connecting" | "up" | "waiting" | "closed";

/**
 * One dedicated LISTEN connection per database handle.
 *
 * postgres.js re-issues LISTEN once after its connection closes and, if the
 * database is not back yet, gives up without a word; and whatever was
 * NOTIFYed while no connection listened is gone either way. So this owns the
 * connection: when it closes it is opened again at once, then with backoff
 * until the database answers; a periodic ping notices a connection that died
 * without closing; and once LISTEN is back every subscriber's `onResume` runs,
 * so it can read from the tables what the lost signals were about.
 */
export function createListener(url: string, settings: ListenerSettings) {
  const channels = new Map<string, Set<Subscriber>>();
  let state: State = "idle";
  let client: postgres.Sql | null = null;
  let connecting: Promise<void> | null = null;
  let everUp = false;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | null = null;
  let pingTimer: NodeJS.Timeout | null = null;

  function open(): postgres.Sql {
    // onnotify is a postgres.js option its types leave out.
    const options = {
      max: 1,
      idle_timeout: 0,
      max_lifetime: null,
      fetch_types: false,
      connect_timeout: settings.connectTimeoutSeconds,
      onnotice: () => {},
      connection: { application_name: LISTEN_APPLICATION_NAME },
      onnotify(channel: string, payload: string) {
        channels.get(channel)?.forEach((s) => s.onPayload(payload));
      },
      onclose() {
        if (client === c) lost();
      },
    };
    const c: postgres.Sql = postgres(url, options as postgres.Options<Record<string, never>>);
    return c;
  }

  function connect(): Promise<void> {
    state = "connecting";
    const c = open();
    client = c;
    connecting = (async () => {
      try {
        if (channels.size === 0) await c`select 1`;
        for (const channel of channels.keys()) await c.unsafe(`listen ${quote(channel)}`);
      } catch (error) {
        if (client === c) client = null;
        void c.end({ timeout: 0 });
        throw error;
      }
      if (state !== "connecting" || client !== c) return;
      state = "up";
      attempt = 0;
      startPinging(c);
      if (everUp) for (const subscribers of [...channels.values()]) for (const s of subscribers) s.onResume?.();
      everUp = true;
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  }

  /** The connection is gone: whatever is NOTIFYed until LISTEN is back will never arrive. */
  function lost() {
    if (state !== "up" && state !== "connecting") return;
    const c = client;
    client = null;
    stopPinging();
    if (c) void c.end({ timeout: 0 });
    state = "waiting";
    scheduleRetry();
  }

  function scheduleRetry() {
    if (state === "closed" || retryTimer) return;
    // The first attempt at once: a killed connection on a live server comes back in milliseconds.
    const delay = attempt === 0 ? 0 : Math.min(settings.maxBackoffMs, 100 * 2 ** attempt);
    attempt++;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (state !== "waiting") return;
      connect().catch(() => {
        if (state === "closed") return;
        state = "waiting";
        scheduleRetry();
      });
    }, delay);
    retryTimer.unref();
  }

  function startPinging(c: postgres.Sql) {
    stopPinging();
    pingTimer = setInterval(() => {
      let timeout: NodeJS.Timeout | undefined;
      const late = new Promise((_, reject) => {
        timeout = setTimeout(() => reject(new Error("LISTEN connection did not answer a ping")), settings.pingTimeoutMs);
      });
      Promise.race([c`select 1`, late])
        .catch(() => {
          if (client === c) lost();
        })
        .finally(() => clearTimeout(timeout));
    }, settings.pingMs);
    pingTimer.unref();
  }

  // A function, so TypeScript does not keep `state` narrowed across an await.
  function isUp(): boolean {
    return state === "up";
  }

  function stopPinging() {
    if (pingTimer) clearInterval(pingTimer);
    pingTimer = null;
  }

  return {
    async listen(channel: string, onPayload: (payload: string) => void, onResume?: () => void): Promise<() => Promise<void>> {
      const subscriber: Subscriber = { onPayload, onResume };
      const known = channels.get(channel);
      if (known) known.add(subscriber);
      else channels.set(channel, new Set([subscriber]));

      try {
        if (state === "idle") {
          // The first LISTEN fails loudly: an app that starts without its database should not start.
          await connect().catch((error: unknown) => {
            state = "idle";
            throw error;
          });
        } else if (state === "connecting") {
          // The channel may or may not be in the LISTEN being sent; listening twice is harmless.
          await connecting?.catch(() => {});
          if (isUp() && !known) await client!.unsafe(`listen ${quote(channel)}`);
        } else if (state === "up" && !known) {
          await client!.unsafe(`listen ${quote(channel)}`);
        }
        // Waiting for the database: the reconnect listens on every channel there is by then.
      } catch (error) {
        if (state === "idle" || state === "up") {
          remove(channel, subscriber);
          throw error;
        }
      }

      return async () => {
        if (!remove(channel, subscriber) || state !== "up") return;
        await client?.unsafe(`unlisten ${quote(channel)}`).catch(() => {});
      };
    },

    async close() {
      state = "closed";
      stopPinging();
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const c = client;
      client = null;
      await c?.end({ timeout: 1 });
    },
  };

  /** Removes a subscriber; true when it was the channel's last one. */
  function remove(channel: string, subscriber: Subscriber): boolean {
    const subscribers = channels.get(channel);
    if (!subscribers?.delete(subscriber)) return false;
    if (subscribers.size > 0) return false;
    channels.delete(channel);
    return true;
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
