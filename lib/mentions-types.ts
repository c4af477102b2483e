import type { MessageDto } from "@/lib/messages-types";
import type { RoomKindName } from "@/lib/sidebar-types";

/** One entry of the Mentions page (GET /api/mentions). */
export interface MentionDto {
  message: MessageDto;
  room: { id: string; slug: string; name: string; kind: RoomKindName };
  /** Through @room rather than by name. */
  everyone: boolean;
  /** After the person's read position in that room. */
  unread: boolean;
}
