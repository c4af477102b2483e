"use client";

import { useEffect, useState } from "react";
import type { StoredMessage } from "@/lib/client/message-store";
import { readForwardPage, RoomHistory, type HistoryStatus } from "@/lib/client/room-history";
import type { MessageDto } from "@/lib/messages-types";

export type ViewMessage = StoredMessage;

/** How long a catch-up runs before the view says so (most take a few milliseconds). */
const slowCatchUpMs = 400;

/**
 * The room's messages (oldest → newest, merged by id and by clientId for our own pending sends)
 * and how complete they are, from RoomHistory (lib/client/room-history.ts), the catch-up core the
 * reliability suite proves. `slow`: a catch-up has been running for a moment.
 */
export function useRoomHistory({ roomId, initialNewestFirst }: { roomId: string; initialNewestFirst: MessageDto[] }) {
  const [messages, setMessages] = useState<ViewMessage[]>(() => [...initialNewestFirst].reverse());
  const [progress, setProgress] = useState<{ status: HistoryStatus; slow: boolean }>({ status: "behind", slow: false });
  const [history] = useState(() => {
    let slowTimer: ReturnType<typeof setTimeout> | undefined;
    return new RoomHistory({
      initialNewestFirst,
      fetchAfter: async (after, limit) =>
        readForwardPage(await fetch(`/api/rooms/${encodeURIComponent(roomId)}/messages?after=${encodeURIComponent(after)}&limit=${limit}`, { cache: "no-store" })),
      onChange: setMessages,
      onStatus: (status) => {
        clearTimeout(slowTimer);
        setProgress({ status, slow: false });
        if (status === "catching-up") slowTimer = setTimeout(() => setProgress((p) => (p.status === "catching-up" ? { ...p, slow: true } : p)), slowCatchUpMs);
      },
    });
  });
  useEffect(() => {
    history.start();
    return () => history.stop();
  }, [history]);
  return { messages, status: progress.status, slow: progress.slow, history };
}
