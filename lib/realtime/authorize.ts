import "server-only";
import { loadRoomContexts } from "@/lib/authz/door";
import { decide, type Decision, type RoomContext } from "@/lib/authz/policy";
import { prisma } from "@/lib/db";
import { log } from "@/lib/log";
import { parseChannel } from "@/lib/realtime/channels";
import { presenceInfo } from "@/lib/realtime/identity";
import { encryptionEnabled, pusher } from "@/lib/realtime/pusher";
import { sessionIsCurrentSql, sessionUserNameSql, withStoredName, type SessionClaims } from "@/lib/session";

export type ChannelAuthResult =
  | { status: 200; body: { auth: string; channel_data?: string; shared_secret?: string } }
  | { status: 403; body: { error: { code: "forbidden"; message: string } } };

/**
 * Signs each channel the caller may subscribe to and refuses the rest. Every room involved, the
 * caller's membership in each and whether their session still stands come from one query.
 * `claims` is null when the request has no session.
 */
export async function authorizeChannels({
  claims,
  socketId,
  channelNames,
}: {
  claims: SessionClaims | null;
  socketId: string;
  channelNames: string[];
}): Promise<Map<string, ChannelAuthResult>> {
  const parsed = channelNames.map((name) => ({ name, channel: parseChannel(name) }));
  const roomIds = [...new Set(parsed.flatMap(({ channel }) => ("roomId" in channel ? [channel.roomId] : [])))];
  // Without a room channel nothing can be signed for anyone, so nothing needs the database.
  const loaded = claims && roomIds.length > 0 ? await loadRoomContexts({ session: claims, roomIds }) : null;
  // The stored name, not the token's: a rename shows in presence lists from the next subscription.
  const user = claims && (roomIds.length === 0 || loaded?.sessionCurrent) ? (loaded?.user ?? claims.user) : null;
  const contexts = loaded?.contexts ?? new Map<string, RoomContext>();

  const results = new Map<string, ChannelAuthResult>();
  for (const { name, channel } of parsed) {
    const decision: Decision = decide({
      caller: user && { userId: user.id },
      room: "roomId" in channel ? (contexts.get(channel.roomId) ?? null) : null,
      action: { type: "channel.subscribe", channel, encryptionEnabled },
    });
    if (!decision.allow) {
      log.info("channel auth refused", { user_id: claims?.user.id ?? null, session_current: Boolean(user), channel: name, reason: decision.reason });
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

/**
 * `pusher:signin` for the signed-in user: id, public info and up to 100 co-members to watch; null
 * when the session has ended. The session check and the watchlist are one statement.
 */
export async function authenticateUser({ claims, socketId }: { claims: SessionClaims; socketId: string }) {
  const [row] = await prisma.$queryRaw<{ current: boolean; name: string | null; watchlist: string[] }[]>`
    SELECT ${sessionIsCurrentSql(claims)} AS "current", ${sessionUserNameSql(claims)} AS "name",
           ARRAY(SELECT DISTINCT other."userId" FROM "Membership" mine
                 JOIN "Membership" other ON other."roomId" = mine."roomId" AND other."userId" <> mine."userId"
                 WHERE mine."userId" = ${claims.user.id} LIMIT 100) AS "watchlist"`;
  if (!row?.current) return null;
  const user = withStoredName(claims, row.name);
  return pusher.authenticateUser(socketId, { id: user.id, user_info: presenceInfo(user), watchlist: row.watchlist });
}
