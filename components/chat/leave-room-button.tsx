"use client";

import { useRouter } from "next/navigation";
import { useRequest } from "@/components/chat/use-request";

export function LeaveRoomButton({ roomId, roomName }: { roomId: string; roomName: string }) {
  const router = useRouter();
  const { pending, error, run } = useRequest();
  return (
    <span className="flex items-center gap-2">
      {error && (
        <span role="alert" className="max-w-64 text-xs text-red-600">
          {error}
        </span>
      )}
      <button
        type="button"
        disabled={pending}
        onClick={async () => {
          if (!window.confirm(`Leave #${roomName}?`)) return;
          if (await run(() => fetch(`/api/rooms/${roomId}/membership`, { method: "DELETE" }), "Could not leave the room. Try again.")) {
            router.push("/");
            router.refresh();
          }
        }}
        className="shrink-0 rounded-md border border-zinc-300 px-2 py-1 text-xs font-medium hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        {pending ? "Leaving…" : "Leave"}
      </button>
    </span>
  );
}
