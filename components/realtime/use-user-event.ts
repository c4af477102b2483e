"use client";

import { useEffect, useRef } from "react";
import { useRealtime } from "@/components/realtime/realtime-provider";
import type { UserEventName, UserEvents } from "@/lib/realtime/user-events";

/** Calls `handler` for each `event` Parley sends to the signed-in user's own channel. */
export function useUserEvent<E extends UserEventName>(event: E, handler: (data: UserEvents[E]) => void): void {
  const { pusher } = useRealtime();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!pusher) return;
    const listener = (data: UserEvents[E]) => latest.current(data);
    pusher.user.bind(event, listener);
    return () => {
      pusher.user.unbind(event, listener);
    };
  }, [pusher, event]);
}
