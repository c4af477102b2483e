import { RoomSidebar, type SidebarRoom } from "@/components/chat/room-sidebar";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import type { RealtimeClientConfig } from "@/lib/realtime/pusher-config";

export interface ChatLayoutProps {
  config: RealtimeClientConfig;
  rooms: SidebarRoom[];
  currentRoomId: string | null;
  meId: string;
  children: React.ReactNode;
}

/** Sidebar + content under one realtime connection; below md the sidebar is hidden. */
export function ChatLayout({ config, rooms, currentRoomId, meId, children }: ChatLayoutProps) {
  return (
    <RealtimeProvider config={config}>
      <div className="flex h-[calc(100dvh-3.5rem)] min-h-0">
        <aside className="hidden w-60 shrink-0 overflow-y-auto border-r border-zinc-200 bg-white md:block dark:border-zinc-800 dark:bg-zinc-900">
          <RoomSidebar rooms={rooms} currentRoomId={currentRoomId} meId={meId} />
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">{children}</div>
      </div>
    </RealtimeProvider>
  );
}
