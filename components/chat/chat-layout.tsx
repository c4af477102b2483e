import { RoomSidebar } from "@/components/chat/room-sidebar";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { realtimeClientConfig } from "@/lib/realtime/pusher";
import { listSidebarRooms } from "@/lib/read-state";
import { getNotifyLevel } from "@/lib/account";

export interface ChatLayoutProps {
  currentRoomId: string | null;
  me: { id: string; name: string };
  children: React.ReactNode;
}

/**
 * Sidebar + content under one realtime connection; below md the sidebar is hidden (the home page
 * lists the same rooms). The sidebar's rooms and unread counts are read here, once per page.
 */
export async function ChatLayout({ currentRoomId, me, children }: ChatLayoutProps) {
  const [rooms, notifyLevel] = await Promise.all([listSidebarRooms({ userId: me.id }), getNotifyLevel({ userId: me.id })]);
  return (
    <RealtimeProvider config={realtimeClientConfig}>
      <div className="flex h-[calc(100dvh-3.5rem)] min-h-0">
        <aside className="hidden w-64 shrink-0 overflow-y-auto border-r border-zinc-200 bg-white md:block dark:border-zinc-800 dark:bg-zinc-900">
          <RoomSidebar rooms={rooms} currentRoomId={currentRoomId} me={me} notifyLevel={notifyLevel} />
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">{children}</div>
      </div>
    </RealtimeProvider>
  );
}
