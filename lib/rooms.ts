import "server-only";
import { randomBytes } from "node:crypto";
import { prisma } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { CreateRoomBody } from "@/lib/schemas/rooms";

const roomSummarySelect = { id: true, slug: true, name: true, description: true, visibility: true, kind: true } as const;

export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/, "");
  return slug || "room";
}

/**
 * Creates a room with its creator as OWNER, in one transaction. Every slug ends in a random
 * suffix: a bare slug that came out suffixed would tell the creator that a room of that name
 * already exists, even a private one they cannot see.
 */
export async function createRoom({ userId, body }: { userId: string; body: CreateRoomBody }) {
  const base = slugify(body.name);
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = `${base}-${randomBytes(4).toString("hex")}`;
    try {
      return await prisma.room.create({
        data: { ...body, slug, createdById: userId, memberships: { create: { userId, role: "OWNER" } } },
        select: roomSummarySelect,
      });
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    }
  }
  throw new Error("could not find a free slug");
}

/**
 * Adds the user as a MEMBER; joining a room twice is harmless. One INSERT … ON CONFLICT DO NOTHING:
 * Prisma's upsert reads, then writes, and failed when a leave removed the row in between.
 */
export async function addMember({ roomId, userId }: { roomId: string; userId: string }) {
  await prisma.membership.createMany({ data: [{ roomId, userId, role: "MEMBER" }], skipDuplicates: true });
}

/** Public rooms for "browse rooms", with whether the user is already in each. */
export async function listPublicRooms({ userId, take = 100 }: { userId: string; take?: number }) {
  const rooms = await prisma.room.findMany({
    where: { visibility: "PUBLIC" },
    orderBy: { createdAt: "desc" },
    take,
    select: { ...roomSummarySelect, _count: { select: { memberships: true } }, memberships: { where: { userId }, select: { role: true }, take: 1 } },
  });
  return rooms.map(({ _count, memberships, ...room }) => ({ ...room, memberCount: _count.memberships, joined: memberships.length > 0 }));
}

export async function countOwners({ roomId }: { roomId: string }): Promise<number> {
  return prisma.membership.count({ where: { roomId, role: "OWNER" } });
}


export async function countMembers({ roomId }: { roomId: string }): Promise<number> {
  return prisma.membership.count({ where: { roomId } });
}
