import type { Metadata } from "next";
import { ChatLayout } from "@/components/chat/chat-layout";
import { MentionsList } from "@/components/chat/mentions-list";
import { listMentions } from "@/lib/mentions";
import { requirePageUser } from "@/lib/session";

export const metadata: Metadata = { title: "Mentions" };

export default async function MentionsPage() {
  const user = await requirePageUser({ returnTo: "/mentions" });
  const page = await listMentions({ userId: user.id, limit: 30 });
  return (
    <ChatLayout currentRoomId={null} me={{ id: user.id, name: user.name }}>
      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto flex max-w-2xl flex-col gap-4 px-4 py-6">
          <h1 className="text-xl font-semibold">Mentions</h1>
          <MentionsList meId={user.id} initial={page.mentions} initialCursor={page.nextCursor} />
        </div>
      </div>
    </ChatLayout>
  );
}
