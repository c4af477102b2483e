// Desktop notifications for live messages while a Parley tab is open but hidden (the service
// worker's Web Push covers the time no tab is open). Called by the sidebar, which hears every room.
import type { MessageDto } from "@/lib/messages-types";
import type { SidebarRoomDto } from "@/lib/sidebar-types";

export function notifyAboutMessage(_args: {
  room: SidebarRoomDto;
  message: MessageDto;
  meId: string;
  level: "ALL" | "MENTIONS" | "NOTHING";
  mentioned: boolean;
  viewing: boolean;
}): void {
  // Wired to lib/notification-rules.ts and lib/client/notify.ts (notifications branch).
}
