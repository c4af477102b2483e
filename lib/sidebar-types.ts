// The sidebar's view of one room or conversation, as the server renders it and as user events
// (conversation.added) deliver it. No server imports: the browser uses these types too.
import type { RoomChannelNames } from "@/lib/realtime/channels";

export type RoomKindName = "ROOM" | "DIRECT" | "GROUP";

export interface SidebarRoomDto {
  id: string;
  slug: string;
  kind: RoomKindName;
  /** The room's name; for a conversation, the other people's names as the viewer sees them. */
  name: string;
  /** A conversation's members (empty for rooms, whose member lists can be long). */
  members: { id: string; name: string }[];
  /** Rooms only ("" for conversations). */
  description: string;
  visibility: "PUBLIC" | "PRIVATE";
  /** The viewer's role (MEMBER in every conversation). */
  role: "OWNER" | "ADMIN" | "MEMBER";
  channels: RoomChannelNames;
  /** Messages from others after the viewer's read position, capped at `unreadCap`. */
  unread: number;
  /** Unread messages that mention the viewer (by name or @room), capped likewise. */
  mentions: number;
  muted: boolean;
  /** The newest message's time (or when the viewer joined): conversations are ordered by it. */
  lastActivityAt: string;
}

/** Counts stop here ("99+"): counting further would cost a scan for a number nobody reads. */
export const unreadCap = 100;

export function formatCount(count: number): string {
  return count >= unreadCap ? "99+" : String(count);
}
