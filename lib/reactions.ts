import "server-only";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { groupReactions } from "@/lib/messages";
import type { ReactionDto, ReactionEvent } from "@/lib/messages-types";
import { roomMessagesChannel, socketIdPattern } from "@/lib/realtime/channels";
import { describePublishError, encryptionEnabled, publish, pusher } from "@/lib/realtime/pusher";

/**
 * Sets `user`'s reaction `emoji` on a message to `reacted`, in one statement that also checks the
 * message is in the room, not deleted, and that they are still a member, and reads the room's
 * channel key (as every write does: lib/messages.ts). Idempotent: the key (message, person, emoji)
 * makes a second add or remove change nothing. Returns whether anything changed.
 */
export async function setReaction({ roomId, messageId, user, emoji, reacted }: { roomId: string; messageId: string; user: { id: string }; emoji: string; reacted: boolean }) {
  // The message, if it is live, in this room, and the caller still a member; and the room's key.
  const target = Prisma.sql`
    SELECT m."id", r."channelKey" FROM "Message" m
    JOIN "Room" r ON r."id" = m."roomId"
    JOIN "Membership" mm ON mm."roomId" = r."id" AND mm."userId" = ${user.id}
    WHERE m."id" = ${messageId} AND m."roomId" = ${roomId} AND m."deletedAt" IS NULL`;
  const write = reacted
    ? Prisma.sql`INSERT INTO "Reaction" ("messageId", "userId", "emoji") SELECT "id", ${user.id}, ${emoji} FROM target ON CONFLICT DO NOTHING RETURNING 1`
    : Prisma.sql`DELETE FROM "Reaction" x USING target WHERE x."messageId" = target."id" AND x."userId" = ${user.id} AND x."emoji" = ${emoji} RETURNING 1`;
  const change = prisma.$queryRaw<{ channelKey: string; changed: number }[]>`
    WITH target AS (${target}), changed AS (${write})
    SELECT target."channelKey", (SELECT count(*) FROM changed)::int AS "changed" FROM target`;
  const [row] = await change;
  if (!row) throw new AppError("not_found", "That message is gone (deleted, or not in this room).");
  return { channelKey: row.channelKey, changed: row.changed > 0 };
}

/** The message's reactions now, for the answer. */
export async function reactionsOf({ messageId }: { messageId: string }): Promise<ReactionDto[]> {
  const rows = await prisma.reaction.findMany({
    where: { messageId },
    orderBy: [{ createdAt: "asc" }, { userId: "asc" }],
    select: { emoji: true, user: { select: { id: true, name: true } } },
  });
  return groupReactions(rows);
}

/** `reaction.updated` to the room (not to the sender's own socket); best effort like every broadcast. */
export async function broadcastReaction({ event, channelKey, socketId }: { event: ReactionEvent; channelKey: string; socketId: string | null }) {
  try {
    await publish(() =>
      pusher.trigger(roomMessagesChannel(event.roomId, channelKey, encryptionEnabled), "reaction.updated", event, {
        ...(socketId && socketIdPattern.test(socketId) && { socket_id: socketId }),
      }),
    );
  } catch (error) {
    log.warn("broadcast failed", { event: "reaction.updated", message_id: event.messageId, room_id: event.roomId, error: describePublishError(error) });
  }
}
