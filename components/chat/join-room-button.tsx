"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

export function JoinRoomButton({ roomId, label = "Join room" }: { roomId: string; label?: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-col items-center gap-2">
      <button
        type="button"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          setError(null);
          const response = await fetch(`/api/rooms/${roomId}/join`, { method: "POST" }).catch(() => null);
          if (response?.ok) router.refresh();
          else {
            setError("Could not join the room. Try again.");
            setPending(false);
          }
        }}
        className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? "Joining…" : label}
      </button>
      {error && <p role="alert" className="text-sm text-red-600">{error}</p>}
    </div>
  );
}
