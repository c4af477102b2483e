import "server-only";
import { prisma } from "@/lib/db";
import type { MessageDto } from "@/lib/messages-types";
import { defaultTitle, isUrgent, notificationPayload, shouldNotify, type NotifiedRoom, type NotifyLevel } from "@/lib/notification-rules";
import { sendToSubscriptions, type PushResult, type PushTarget } from "@/lib/push";

export type { NotifiedRoom };

export interface DeliveryResult {
  /** Members the rule says to notify (whether or not they have a push subscription). */
  recipients: string[];
  /** Of those, the ones with at least one push subscription, who were sent a push. */
  pushed: string[];
  push: PushResult;
}

interface MemberRow {
  userId: string;
  name: string;
  notifyLevel: NotifyLevel;
  muted: boolean;
  subscriptions: PushTarget[];
}


/**
 * Web Push for a message just written: every current member of the room but the author whom
 * shouldNotify picks (mentionedUserIds that are not members are ignored). One query for the
 * members, their settings and their subscriptions. Never throws (call it inside after()).
 */
export async function deliverMessageNotifications({
  message,
  room,
  mentionedUserIds,
  title,
}: {
  message: MessageDto;
  room: NotifiedRoom;
  mentionedUserIds: readonly string[];
  /** Replaces the default title ("Ada in #general", "Ada", "Ada in Ada, Bob, Cy"). */
  title?: string;
}): Promise<DeliveryResult> {
  const empty: DeliveryResult = { recipients: [], pushed: [], push: { sent: 0, removed: 0, failed: 0 } };
  if (message.body === null || message.deletedAt !== null) return empty;
  // Every member (the author too: a group's title names everyone), with their subscriptions.
  const members = await prisma.$queryRaw<MemberRow[]>`
    SELECT m."userId", u."name", u."notifyLevel"::text AS "notifyLevel", m."muted",
           COALESCE(json_agg(json_build_object('id', s."id", 'endpoint', s."endpoint", 'p256dh', s."p256dh", 'auth', s."auth")) FILTER (WHERE s."id" IS NOT NULL), '[]') AS "subscriptions"
    FROM "Membership" m
    JOIN "User" u ON u."id" = m."userId"
    LEFT JOIN "PushSubscription" s ON s."userId" = m."userId" AND m."userId" <> ${message.author.id}
    WHERE m."roomId" = ${room.id}
    GROUP BY m."userId", u."name", u."notifyLevel", m."muted"`;
  const mentioned = new Set(mentionedUserIds);
  const recipients = members.filter((m) =>
    shouldNotify({ level: m.notifyLevel, muted: m.muted, kind: room.kind, mentioned: mentioned.has(m.userId), isAuthor: m.userId === message.author.id }),
  );
  if (recipients.length === 0) return empty;
  const withPush = recipients.filter((r) => r.subscriptions.length > 0);
  const payload = notificationPayload({ message, room, title: title ?? defaultTitle({ author: message.author.name, room, memberNames: members.map((m) => m.name) }) });
  // Urgency is per recipient (a mention is urgent, the same message to an ALL member is not): two sends at most.
  const urgent = withPush.filter((r) => isUrgent({ kind: room.kind, mentioned: mentioned.has(r.userId) }));
  const normal = withPush.filter((r) => !urgent.includes(r));
  const results = await Promise.all([
    sendToSubscriptions({ subscriptions: urgent.flatMap((r) => r.subscriptions), payload, urgency: "high" }),
    sendToSubscriptions({ subscriptions: normal.flatMap((r) => r.subscriptions), payload, urgency: "normal" }),
  ]);
  return {
    recipients: recipients.map((r) => r.userId),
    pushed: withPush.map((r) => r.userId),
    push: results.reduce((a, b) => ({ sent: a.sent + b.sent, removed: a.removed + b.removed, failed: a.failed + b.failed })),
  };
}
