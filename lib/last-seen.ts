// Placeholder until the people branch lands its formatLastSeen.
export function formatLastSeen(lastSeenAt: Date | string | null, now: Date): string {
  if (!lastSeenAt) return "never seen online";
  const minutes = Math.round((now.getTime() - new Date(lastSeenAt).getTime()) / 60_000);
  if (minutes < 1) return "last seen just now";
  if (minutes < 60) return `last seen ${minutes} min ago`;
  return `last seen ${Math.round(minutes / 60)} h ago`;
}
