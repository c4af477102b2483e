"use client";

import { useCallback, useState } from "react";
import { mergeMessages, type StoredMessage } from "@/lib/client/message-store";
import type { MessageDto } from "@/lib/messages-types";

export type ViewMessage = StoredMessage;

/** Messages oldest → newest, merged by id (and by clientId for our own pending sends). */
export function useMessages(initialNewestFirst: MessageDto[]) {
  const [messages, setMessages] = useState<ViewMessage[]>(() => [...initialNewestFirst].reverse());
  const upsert = useCallback((incoming: ViewMessage[]) => setMessages((current) => mergeMessages(current, incoming)), []);
  return { messages, upsert };
}
