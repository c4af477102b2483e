// Desktop notifications for live messages while a Parley tab is open but hidden (the service
// worker's Web Push covers the time no tab is open). Called by the sidebar, which hears every room
// on this connection; whom to notify and what it says are the server's own rules
// (lib/notification-rules.ts), so a push and an in-page notification agree.
import { notifyInPage } from "@/lib/client/notify";
import type { MessageDto } from "@/lib/messages-types";
import { defaultTitle, notificationPayload, shouldNotify, type NotifyLevel } from "@/lib/notification-rules";
import type { SidebarRoomDto } from "@/lib/sidebar-types";

export function notifyAboutMessage({
  room,
  message,
  meId,
  level,
  mentioned,
}: {
  room: SidebarRoomDto;
  message: MessageDto;
  meId: string;
  level: NotifyLevel;
  mentioned: boolean;
}): boolean {
  if (message.deletedAt || !shouldNotify({ level, muted: room.muted, kind: room.kind, mentioned, isAuthor: message.author.id === meId })) return false;
  const target = { id: room.id, slug: room.slug, name: room.name, kind: room.kind };
  return notifyInPage(notificationPayload({ message, room: target, title: defaultTitle({ author: message.author.name, room: target, memberNames: [] }) }));
}
