// Events Parley sends to one user's own channel (`#server-to-user-{id}`, pusher.sendToUser): the
// names and payloads, shared by the server that sends them and the pages that listen.

/** A pending invitation addressed to the user, as their home page lists it. */
import type { SidebarRoomDto } from "@/lib/sidebar-types";

export interface PendingInvitationDto {
  id: string;
  room: { id: string; slug: string; name: string; description: string };
  invitedBy: string | null;
  expiresAt: string;
}

/** The person's read position in one room moved (on any of their tabs or devices). */
export interface ReadUpdatedEvent {
  roomId: string;
  lastReadId: string;
  lastReadAt: string;
  /** What is still unread there after the move. */
  unread: number;
  mentions: number;
}

export interface UserEvents {
  /** A conversation they are now in (someone started it with them, or added them). */
  "conversation.added": SidebarRoomDto;
  "read.updated": ReadUpdatedEvent;
  "invitation.received": PendingInvitationDto;
  /** Revoked by an admin, or accepted/declined on another page. */
  "invitation.withdrawn": { id: string };
  /** The user left or was removed from a room: their pages drop it at once. */
  "membership.removed": { roomId: string; reason: "left" | "removed" | "banned" };
}

export type UserEventName = keyof UserEvents;
