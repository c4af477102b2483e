import "server-only";
import { prisma } from "@/lib/db";

export type NotifyLevel = "ALL" | "MENTIONS" | "NOTHING";

/** The person's notification level, for the pages that decide whether to show a notification. */
export async function getNotificationSettings({ userId }: { userId: string }): Promise<{ notifyLevel: NotifyLevel }> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { notifyLevel: true } });
  return { notifyLevel: user?.notifyLevel ?? "MENTIONS" };
}
