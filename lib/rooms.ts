import "server-only";
import { prisma } from "@/lib/db";

/** The rooms the user belongs to, most recently joined first. */
export async function listRoomsForUser({ userId }: { userId: string }) {
  const memberships = await prisma.membership.findMany({
    where: { userId },
    orderBy: { joinedAt: "desc" },
    select: { role: true, room: { select: { id: true, slug: true, name: true, description: true, visibility: true } } },
  });
  return memberships.map(({ role, room }) => ({ ...room, role }));
}
