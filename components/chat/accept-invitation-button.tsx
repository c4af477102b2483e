"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

export function AcceptInvitationButton({ token, roomName }: { token: string; roomName: string }) {
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
          const response = await fetch("/api/invitations/accept", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ token }),
          }).catch(() => null);
          const body = (await response?.json().catch(() => null)) as { room?: { slug: string }; error?: { message: string } } | null;
          if (response?.ok && body?.room) {
            router.push(`/rooms/${body.room.slug}`);
            return;
          }
          setError(body?.error?.message ?? "Could not join. Try again.");
          setPending(false);
        }}
        className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? "Joining…" : `Join #${roomName}`}
      </button>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}
