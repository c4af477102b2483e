import "server-only";
import { loadRoomContexts } from "@/lib/authz/door";
import { decide, type Decision } from "@/lib/authz/policy";
import { prisma } from "@/lib/db";
import { log } from "@/lib/log";
import { parseChannel } from "@/lib/realtime/channels";
import { presenceInfo } from "@/lib/realtime/identity";
import { encryptionEnabled, pusher } from "@/lib/realtime/pusher";
import type { SessionUser } from "@/lib/users";

export type ChannelAuthResult =
  | { status: 200; body: { auth: string; channel_data?: string; shared_secret?: string } }
  | { status: 403; body: { error: { code: "forbidden"; message: string } } };

/**
 * Signs each channel the caller may subscribe to and refuses the rest, loading every room
 * membership involved in one query. `user` is null when the request has no session.
 */
export async function authorizeChannels({
  user,
  socketId,
  channelNames,
}: {
  user: SessionUser | null;
  socketId: string;
  channelNames: string[];
}): Promise<Map<string, ChannelAuthResult>> {
  const parsed = channelNames.map((name) => ({ name, channel: parseChannel(name) }));
  const roomIds = [...new Set(parsed.flatMap(({ channel }) => ("roomId" in channel ? [channel.roomId] : [])))];
  const contexts = user ? await loadRoomContexts({ userId: user.id, roomIds }) : new Map();

  const results = new Map<string, ChannelAuthResult>();
  for (const { name, channel } of parsed) {
    const decision: Decision = decide({
      caller: user && { userId: user.id },
      room: "roomId" in channel ? (contexts.get(channel.roomId) ?? null) : null,
      action: { type: "channel.subscribe", channel, encryptionEnabled },
    });
    if (!decision.allow) {
      log.info("channel auth refused", { user_id: user?.id ?? null, channel: name, reason: decision.reason });
      results.set(name, { status: 403, body: { error: { code: "forbidden", message: decision.reason } } });
      continue;
    }
    const auth =
      channel.kind === "room-presence"
        ? pusher.authorizeChannel(socketId, name, { user_id: user!.id, user_info: presenceInfo(user!) })
        : pusher.authorizeChannel(socketId, name);
    results.set(name, { status: 200, body: auth });
  }
  return results;
}

/** `pusher:signin` for the signed-in user: id, public info and up to 100 co-members to watch. */
export async function authenticateUser({ user, socketId }: { user: SessionUser; socketId: string }) {
  const coMembers = await prisma.membership.findMany({
    where: { userId: { not: user.id }, room: { memberships: { some: { userId: user.id } } } },
    distinct: ["userId"],
    select: { userId: true },
    take: 100,
  });
  return pusher.authenticateUser(socketId, {
    id: user.id,
    user_info: presenceInfo(user),
    watchlist: coMembers.map((m) => m.userId),
  });
}
