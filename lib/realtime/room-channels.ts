import "server-only";
import { randomBytes } from "node:crypto";
import { log } from "@/lib/log";
import { roomChannelNames, roomRekeyedEvent, type RoomChannelNames, type RoomRekeyedEvent } from "@/lib/realtime/channels";
import { describePublishError, encryptionEnabled, publish, pusher } from "@/lib/realtime/pusher";
import type { Prisma } from "@/lib/generated/prisma/client";

// Channel generations (lib/realtime/channels.ts): every room's channel names end in its channel
// key, and removing, banning or leaving replaces the key in the same transaction as the membership.

/** A room's channel names under `key`, with this deployment's encryption setting. */
export function channelsOf(room: { id: string; channelKey: string }): RoomChannelNames {
  return roomChannelNames({ roomId: room.id, key: room.channelKey, encrypted: encryptionEnabled });
}

/**
 * Replaces the room's channel key inside `tx` (the transaction that removes a membership) and
 * returns the old and new keys. The row lock orders concurrent removals: each one
 * retires the key the previous one set, so every announcement names the generation it ended.
 */
export async function rotateChannelKey(tx: Prisma.TransactionClient, roomId: string): Promise<{ previous: string; next: string }> {
  // FOR NO KEY UPDATE (what the UPDATE would take anyway), not FOR UPDATE: it must not wait on,
  // or deadlock with, the key-share locks every message and membership insert takes on the room.
  const [row] = await tx.$queryRaw<{ channelKey: string }[]>`SELECT "channelKey" FROM "Room" WHERE "id" = ${roomId} FOR NO KEY UPDATE`;
  const next = randomBytes(16).toString("hex");
  await tx.$executeRaw`UPDATE "Room" SET "channelKey" = ${next} WHERE "id" = ${roomId}`;
  return { previous: row?.channelKey ?? next, next };
}

/**
 * Tells whoever is still on the old names where the room went (`room.rekeyed` on both old
 * channels): the remaining members move; the removed person learns names nobody will sign for
 * them. Best effort, like every publish: a member who misses it is refused on the old names at
 * their next subscription and asks for the current ones (GET /api/rooms/{id}/channels).
 */
export async function announceRotation({ roomId, previous, next }: { roomId: string; previous: string; next: string }): Promise<void> {
  const old = channelsOf({ id: roomId, channelKey: previous });
  const data: RoomRekeyedEvent = { roomId, channels: channelsOf({ id: roomId, channelKey: next }) };
  try {
    // One request; the SDK encrypts the entry for an encrypted channel on its own.
    await publish(() =>
      pusher.triggerBatch([
        { channel: old.messages, name: roomRekeyedEvent, data },
        { channel: old.presence, name: roomRekeyedEvent, data },
      ]),
    );
  } catch (error) {
    log.warn("rotation announcement failed", { room_id: roomId, error: describePublishError(error) });
  }
}
