import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInvitationButton } from "@/components/chat/accept-invitation-button";
import { loadRoomContext } from "@/lib/authz/door";
import { findInvitation, invitationState } from "@/lib/invitations";
import { getSessionUser } from "@/lib/session";

export const metadata: Metadata = { title: "Invitation" };

const deadLinks = {
  expired: ["This invitation has expired", "Ask whoever sent it for a new link."],
  revoked: ["This invitation was revoked", "Ask a room admin for a new link."],
  declined: ["This invitation was declined", "Ask whoever sent it for a new link."],
  used_up: ["This invitation has been used up", "Ask whoever sent it for a new link."],
} as const;

function Panel({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="mx-auto flex max-w-md flex-1 flex-col items-center justify-center gap-3 px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold" data-testid="invite-title">
        {title}
      </h1>
      {children}
    </div>
  );
}

/** Public: anyone holding the link sees the room and who invited them, then signs in and joins. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findInvitation({ token });
  if (!invitation) return <Panel title="This invitation link is not valid">Check that you copied the whole link.</Panel>;
  const state = invitationState(invitation);
  const user = await getSessionUser();
  const loaded = user ? await loadRoomContext({ userId: user.id, where: { id: invitation.room.id } }) : null;
  const { room } = invitation;

  if (loaded?.context.role) {
    return (
      <Panel title={`You're already in #${room.name}`}>
        <Link href={`/rooms/${room.slug}`} className="font-medium text-brand-600 hover:underline">
          Open the room
        </Link>
      </Panel>
    );
  }
  if (state !== "valid") {
    const [title, hint] = deadLinks[state];
    return <Panel title={title}>{hint}</Panel>;
  }
  if (loaded?.context.banned) return <Panel title="You can't join this room">You were banned from #{room.name}.</Panel>;

  const here = `/invite/${token}`;
  return (
    <Panel title={`Join #${room.name}`}>
      <p className="text-zinc-600 dark:text-zinc-400">
        {invitation.createdBy?.name ?? "Someone"} invited you to this room on Parley.
        {room.description && <span className="block text-sm">{room.description}</span>}
      </p>
      {user ? (
        <AcceptInvitationButton token={token} roomName={room.name} />
      ) : (
        <div className="flex gap-3">
          <Link href={`/login?callbackUrl=${encodeURIComponent(here)}`} className="rounded-md border border-zinc-300 px-4 py-2 font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
            Sign in
          </Link>
          <Link href={`/register?callbackUrl=${encodeURIComponent(here)}`} className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
            Create an account
          </Link>
        </div>
      )}
    </Panel>
  );
}
