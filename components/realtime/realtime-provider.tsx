"use client";

import type PusherClient from "pusher-js";
import type { ChannelAuthorizationCallback } from "pusher-js";
import { createContext, useContext, useEffect, useMemo, useState } from "react";
import { trackActivity } from "@/lib/client/activity";
import { keepReconnecting } from "@/lib/client/reconnect";
import { fetchChannelsFromApi, RoomChannels } from "@/lib/client/room-channels";
import type { RealtimeClientConfig } from "@/lib/realtime/pusher-config";

export type ConnectionState = "connecting" | "connected" | "unavailable" | "offline";

interface RealtimeContextValue {
  pusher: PusherClient | null;
  /** Rooms' channels across generations, shared by every component on this connection. */
  rooms: RoomChannels | null;
  state: ConnectionState;
  /** Signed in to the realtime service with our own user channel subscribed: user events arrive. */
  userChannelReady: boolean;
  /** Ten minutes without input in any of this browser's Parley tabs (lib/client/activity.ts). */
  away: boolean;
}

const RealtimeContext = createContext<RealtimeContextValue>({ pusher: null, rooms: null, state: "connecting", userChannelReady: false, away: false });

export function useRealtime(): RealtimeContextValue {
  return useContext(RealtimeContext);
}

type AuthCallback = ChannelAuthorizationCallback;
interface PendingAuth {
  channelName: string;
  callback: AuthCallback;
}

async function authorizeOne(socketId: string, channelName: string, callback: AuthCallback): Promise<void> {
  try {
    const response = await fetch("/api/pusher/auth", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ socket_id: socketId, channel_name: channelName }),
    });
    if (response.ok) callback(null, (await response.json()) as Parameters<AuthCallback>[1]);
    else callback(new Error(`HTTP ${response.status}`), null);
  } catch (error) {
    callback(error as Error, null);
  }
}

/**
 * pusher-js asks for one channel at a time; requests arriving within a few milliseconds (a page
 * with 30 rooms) are sent as one batch to /api/pusher/auth, answered per channel.
 */
function createBatchingAuthorizer() {
  let queue: PendingAuth[] = [];
  let socketId = "";
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = async () => {
    const batch = queue;
    queue = [];
    timer = null;
    try {
      const response = await fetch("/api/pusher/auth", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ socket_id: socketId, channel_names: batch.map((p) => p.channelName) }),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const { channels } = (await response.json()) as { channels: Record<string, { status: number; error?: { message: string } }> };
      for (const { channelName, callback } of batch) {
        const result = channels[channelName];
        if (result?.status === 200) callback(null, result as unknown as Parameters<AuthCallback>[1]);
        else callback(new Error(result?.error?.message ?? "HTTP 403"), null);
      }
    } catch {
      // The batch request itself failed (network, 5xx): ask for each channel on its own.
      await Promise.all(batch.map(({ channelName, callback }) => authorizeOne(socketId, channelName, callback)));
    }
  };
  return ({ socketId: id, channelName }: { socketId: string; channelName: string }, callback: AuthCallback) => {
    socketId = id;
    queue.push({ channelName, callback });
    timer ??= setTimeout(() => void flush(), 10);
  };
}

export interface RealtimeProviderProps {
  config: RealtimeClientConfig;
  children: React.ReactNode;
}

export function RealtimeProvider({ config, children }: RealtimeProviderProps) {
  const [value, setValue] = useState<Omit<RealtimeContextValue, "away">>({ pusher: null, rooms: null, state: "connecting", userChannelReady: false });
  const [away, setAway] = useState(false);
  useEffect(() => trackActivity(setAway), []);

  // Keyed by value: a server re-render hands over an equal but new object, which must not reconnect.
  const configKey = JSON.stringify(config);
  useEffect(() => {
    const settings = JSON.parse(configKey) as RealtimeClientConfig;
    let cancelled = false;
    let cleanup = () => {};
    // The encrypted build (it carries the NaCl code) is loaded only when rooms use encrypted channels.
    const load = settings.encrypted ? import("pusher-js/with-encryption") : import("pusher-js");
    void load.then(({ default: Pusher }) => {
      if (cancelled) return;
      cleanup = connect(Pusher as unknown as typeof PusherClient);
    });
    return () => {
      cancelled = true;
      cleanup();
    };

    function connect(Pusher: typeof PusherClient) {
      const pusher = new Pusher(settings.key, {
        cluster: settings.cluster,
        ...(settings.wsHost && { wsHost: settings.wsHost, wsPort: settings.wsPort, wssPort: settings.wsPort }),
        forceTLS: settings.forceTLS,
        enabledTransports: ["ws", "wss"],
        channelAuthorization: { endpoint: "/api/pusher/auth", transport: "ajax", customHandler: createBatchingAuthorizer() },
        userAuthentication: {
          endpoint: "/api/pusher/user-auth",
          transport: "ajax",
          customHandler: ({ socketId }, callback) => {
            fetch("/api/pusher/user-auth", {
              method: "POST",
              headers: { "Content-Type": "application/x-www-form-urlencoded" },
              body: new URLSearchParams({ socket_id: socketId }),
            })
              .then(async (r) => (r.ok ? callback(null, await r.json()) : callback(new Error(`HTTP ${r.status}`), null)))
              .catch((error: Error) => callback(error, null));
          },
        },
      });
      // Signed in first, always: the realtime service closes connections that do not sign in, and
      // only a signed-in connection can be found and closed when its person loses access.
      pusher.signin();
      const rooms = new RoomChannels(pusher, fetchChannelsFromApi);
      const onState = ({ current }: { current: string }) => {
        const state: ConnectionState =
          current === "connected" ? "connected" : current === "unavailable" ? "unavailable" : current === "failed" || current === "disconnected" ? "offline" : "connecting";
        setValue({ pusher, rooms, state, userChannelReady: false });
        if (state === "connected") watchUserChannel();
      };
      // pusher-js signs in again on every connection and then subscribes to #server-to-user-{id}.
      const watchUserChannel = () => {
        void pusher.user.signinDonePromise?.then(() => {
          const channel = pusher.user.serverToUserChannel;
          if (!channel) return;
          const ready = () => setValue((current) => (current.pusher === pusher && current.state === "connected" ? { ...current, userChannelReady: true } : current));
          if (channel.subscribed) ready();
          else channel.bind("pusher:subscription_succeeded", ready);
        });
      };
      pusher.connection.bind("state_change", onState);
      // 4009: the app closed our connections (we left or were removed from a room). Reconnect:
      // every channel is authorized again, and the ones we lost are refused.
      pusher.connection.bind("error", (error: { data?: { code?: number } }) => {
        if (error.data?.code === 4009) setTimeout(() => pusher.connect(), 250);
      });
      // Back live within a couple of seconds of the service returning, and at once when the
      // network comes back or the tab is shown again (lib/client/reconnect.ts).
      const reconnector = keepReconnecting(pusher);
      const kick = () => {
        if (document.visibilityState === "visible") reconnector.kick();
      };
      window.addEventListener("online", kick);
      document.addEventListener("visibilitychange", kick);
      setValue({ pusher, rooms, state: "connecting", userChannelReady: false });
      return () => {
        window.removeEventListener("online", kick);
        document.removeEventListener("visibilitychange", kick);
        reconnector.stop();
        pusher.disconnect();
      };
    }
  }, [configKey]);

  const context = useMemo(() => ({ ...value, away }), [value, away]);
  return <RealtimeContext.Provider value={context}>{children}</RealtimeContext.Provider>;
}
