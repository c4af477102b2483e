"use client";

import { useRouter } from "next/navigation";
import { useRequest } from "@/components/chat/use-request";

export function JoinRoomButton({ roomId, label = "Join room" }: { roomId: string; label?: string }) {
  const router = useRouter();
  const { pending, error, run } = useRequest();
  return (
    <div className="flex flex-col items-center gap-2">
      <button
        type="button"
        disabled={pending}
        onClick={async () => {
          if (await run(() => fetch(`/api/rooms/${roomId}/join`, { method: "POST" }), "Could not join the room. Try again.")) router.refresh();
        }}
        className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? "Joining…" : label}
      </button>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}
