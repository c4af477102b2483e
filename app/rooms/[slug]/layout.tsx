import { notFound } from "next/navigation";
import { decide } from "@/lib/authz/policy";
import { loadRoomForPage } from "@/lib/room-page";
import { getSessionUser } from "@/lib/session";

/**
 * Refuses a room (or conversation) the caller may not see before anything streams: the page's
 * loading state would otherwise have sent a 200 before the page's own notFound(), and a private
 * room or conversation must answer 404 like one that does not exist. Signed-out visitors pass
 * through to the page, which sends them to sign in and back to the exact sub-page.
 */
export default async function RoomSegmentLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await getSessionUser();
  if (user) {
    const loaded = await loadRoomForPage(user.id, slug);
    if (!loaded || !decide({ caller: { userId: user.id }, room: loaded.context, action: { type: "room.view" } }).allow) notFound();
  }
  return children;
}
