// Back live soon after the realtime service returns. pusher-js, left to itself, goes
// connecting → unavailable after a server crash and tries again only ~15 s later (its connection
// and unavailable timers; measured in reliability/chaos.test.ts). While a client is not
// connected, this starts a fresh attempt every 0.5–1.5 s (jittered, so clients that lost the
// server together do not come back in step), and at once when the browser says the network is
// back or the tab is shown again. Shared by the browser (RealtimeProvider) and the test clients.
import type PusherClient from "pusher-js";
import { retryDelayMs } from "@/lib/client/backoff";

export interface Reconnector {
  /** Try now (network back, tab visible), if not connected. */
  kick(): void;
  stop(): void;
}

export function keepReconnecting(pusher: PusherClient, { maxDelayMs = 1_500, random = Math.random }: { maxDelayMs?: number; random?: () => number } = {}): Reconnector {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let attempt = 0;
  let stopped = false;
  // Armed once the first connection succeeded: the first attempt is pusher-js's own (a slow first
  // handshake on a busy machine must not be cut short), what comes after a lost connection is ours.
  let armed = pusher.connection.state === "connected";
  const waiting = () => armed && ["connecting", "unavailable"].includes(pusher.connection.state);
  const clear = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const restart = () => {
    if (stopped || !waiting()) return;
    // Abandons the attempt pusher-js is stuck in and starts a new one; channels stay and are
    // subscribed again once connected.
    pusher.connection.disconnect();
    pusher.connect();
  };
  const schedule = () => {
    clear();
    if (stopped || !waiting()) return;
    timer = setTimeout(() => {
      timer = null;
      restart();
      attempt++;
      schedule();
    }, retryDelayMs(attempt, { maxMs: maxDelayMs, random }));
  };
  const onState = ({ current }: { current: string }) => {
    if (current === "connected") {
      armed = true;
      attempt = 0;
      clear();
    } else if ((current === "connecting" || current === "unavailable") && !timer) {
      schedule();
    }
  };
  pusher.connection.bind("state_change", onState);
  return {
    kick() {
      attempt = 0;
      restart();
      schedule();
    },
    stop() {
      stopped = true;
      clear();
      pusher.connection.unbind("state_change", onState);
    },
  };
}
