"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { useUserEvent } from "@/components/realtime/use-user-event";
import { readError } from "@/lib/client/sign-in";
import type { PendingInvitationDto } from "@/lib/realtime/user-events";

/** Invitations waiting for an answer; new ones appear live, answered or withdrawn ones leave. */
export function PendingInvitations({ initial }: { initial: PendingInvitationDto[] }) {
  const router = useRouter();
  const [invitations, setInvitations] = useState(initial);
  const [busy, setBusy] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  useUserEvent("invitation.received", (invitation) =>
    setInvitations((current) => [invitation, ...current.filter((i) => i.id !== invitation.id)]),
  );
  useUserEvent("invitation.withdrawn", ({ id }) => setInvitations((current) => current.filter((i) => i.id !== id)));

  // Each time our user channel is (re)subscribed, catch up on anything sent while it was not.
  const { userChannelReady } = useRealtime();
  useEffect(() => {
    if (!userChannelReady) return;
    let cancelled = false;
    fetch("/api/invitations", { cache: "no-store" })
      .then((response) => (response.ok ? (response.json() as Promise<{ invitations: PendingInvitationDto[] }>) : null))
      .then((body) => {
        if (body && !cancelled) setInvitations(body.invitations);
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [userChannelReady]);

  async function answer(invitation: PendingInvitationDto, choice: "accept" | "decline") {
    setBusy(invitation.id);
    setErrors(({ [invitation.id]: _old, ...rest }) => rest);
    try {
      const response = await fetch(`/api/invitations/${invitation.id}/${choice}`, { method: "POST" });
      if (!response.ok) {
        const { message } = await readError(response);
        setErrors((current) => ({ ...current, [invitation.id]: message }));
        return;
      }
      setInvitations((current) => current.filter((i) => i.id !== invitation.id));
      if (choice === "accept") router.push(`/rooms/${invitation.room.slug}`);
      router.refresh();
    } catch {
      setErrors((current) => ({ ...current, [invitation.id]: "Can't reach Parley. Check your connection and try again." }));
    } finally {
      setBusy(null);
    }
  }

  // data-live: user events are being received (tests wait for it before inviting).
  if (invitations.length === 0) return <div hidden data-testid="invitations-live" data-live={userChannelReady} />;
  return (
    <section aria-labelledby="invitations-heading" className="mt-8" data-testid="invitations-live" data-live={userChannelReady}>
      <h2 id="invitations-heading" className="text-sm font-semibold uppercase tracking-wide text-zinc-500">
        Invitations
      </h2>
      <ul className="mt-3 flex flex-col gap-2" data-testid="pending-invitations">
        {invitations.map((invitation) => (
          <li key={invitation.id} className="flex flex-col gap-3 rounded-xl border border-brand-100 bg-brand-50 px-4 py-3 sm:flex-row sm:items-center dark:border-zinc-700 dark:bg-zinc-900">
            <div className="min-w-0 flex-1">
              <p className="font-medium">
                {invitation.invitedBy ?? "Someone"} invited you to <span className="font-semibold">#{invitation.room.name}</span>
              </p>
              {invitation.room.description && <p className="truncate text-sm text-zinc-600 dark:text-zinc-400">{invitation.room.description}</p>}
              {errors[invitation.id] && (
                <p role="alert" className="mt-1 text-sm text-red-600 dark:text-red-400">
                  {errors[invitation.id]}
                </p>
              )}
            </div>
            <div className="flex shrink-0 gap-2">
              <button
                type="button"
                disabled={busy === invitation.id}
                onClick={() => void answer(invitation, "decline")}
                className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-white disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800"
              >
                Decline
              </button>
              <button
                type="button"
                disabled={busy === invitation.id}
                onClick={() => void answer(invitation, "accept")}
                className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
              >
                {busy === invitation.id ? "Joining…" : `Join #${invitation.room.name}`}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
