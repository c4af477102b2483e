"use client";

import { useRouter } from "next/navigation";
import { useRequest } from "@/components/chat/use-request";

export function AcceptInvitationButton({ token, roomName }: { token: string; roomName: string }) {
  const router = useRouter();
  const { pending, error, run } = useRequest();
  return (
    <div className="flex flex-col items-center gap-2">
      <button
        type="button"
        disabled={pending}
        onClick={async () => {
          const accepted = await run<{ room: { slug: string } }>(
            () => fetch("/api/invitations/accept", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token }) }),
            "Could not join. Try again.",
          );
          if (accepted) router.push(`/rooms/${accepted.room.slug}`);
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
