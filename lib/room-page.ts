import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { loadRoomContext } from "@/lib/authz/door";
import { decide } from "@/lib/authz/policy";
import { requirePageUser } from "@/lib/session";

/**
 * The room a page's slug names and the caller's relation to it, once per request (the layout
 * and the page both ask). A malformed slug is no room.
 */
export const loadRoomForPage = cache(async (userId: string, slug: string) =>
  /^[a-z0-9-]{1,64}$/.test(slug) ? loadRoomContext({ userId, where: { slug } }) : null,
);

/**
 * For a room's sub-pages (members, settings): the signed-in user (else to sign-in and back) and the
 * room they are a member of. Anything else is a 404, like a private room's main page.
 */
export async function loadMemberRoomPage({ slug, subpath }: { slug: string; subpath: string }) {
  const user = await requirePageUser({ returnTo: `/rooms/${encodeURIComponent(slug)}/${subpath}` });
  const loaded = await loadRoomForPage(user.id, slug);
  if (!loaded || !decide({ caller: { userId: user.id }, room: loaded.context, action: { type: "message.read" } }).allow) notFound();
  // A conversation has no member or settings pages: its header lists the people in it.
  if (loaded.context.kind !== "ROOM") notFound();
  return { user, ...loaded };
}
