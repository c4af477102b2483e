"use client";

import { useCallback, useState } from "react";
import type { MessageDto } from "@/lib/messages-types";

export type ViewMessage = MessageDto & { status?: "pending" | "failed"; error?: string };

/** Messages oldest → newest, merged by id (and by clientId for our own pending sends). */
export function useMessages(initialNewestFirst: MessageDto[]) {
  const [messages, setMessages] = useState<ViewMessage[]>(() => [...initialNewestFirst].reverse());

  const upsert = useCallback((incoming: ViewMessage[]) => {
    setMessages((current) => {
      const next = [...current];
      for (const message of incoming) {
        const index = next.findIndex((m) => m.id === message.id || (m.clientId === message.clientId && m.author.id === message.author.id));
        if (index >= 0) next[index] = message;
        else next.push(message);
      }
      return next.sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1));
    });
  }, []);

  return { messages, upsert };
}
