import type { Metadata } from "next";
import { ChatLayout } from "@/components/chat/chat-layout";
import { MembersView, type MemberRow } from "@/components/admin/members-view";
import { decide, type Action, type RoomContext } from "@/lib/authz/policy";
import { listInvitations } from "@/lib/invitations";
import { listAuditLog, listBans, listMembers } from "@/lib/moderation";
import { channelsOf } from "@/lib/realtime/room-channels";
import { loadMemberRoomPage } from "@/lib/room-page";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, room, context } = await loadMemberRoomPage({ slug, subpath: "members" });
  const caller = { userId: user.id };
  const allowed = (action: Action, ctx: RoomContext = context) => decide({ caller, room: ctx, action }).allow;
  const canInvite = allowed({ type: "member.invite" });
  const canBan = allowed({ type: "member.ban", targetRole: null });
  const canViewAudit = allowed({ type: "room.viewAuditLog" });

  const [members, invitations, bans, audit] = await Promise.all([
    listMembers({ roomId: room.id }),
    canInvite ? listInvitations({ roomId: room.id }) : null,
    canBan ? listBans({ roomId: room.id }) : null,
    canViewAudit ? listAuditLog({ roomId: room.id, limit: 25 }) : null,
  ]);

  // What this viewer may do to each member, asked of the policy (the buttons only mirror it).
  const rows: MemberRow[] = members.map((member) => {
    const self = member.id === user.id;
    return {
      ...member,
      actions: {
        remove: !self && allowed({ type: "member.remove", targetRole: member.role }),
        ban: !self && allowed({ type: "member.ban", targetRole: member.role }),
        makeAdmin: !self && member.role === "MEMBER" && allowed({ type: "member.setRole", targetRole: member.role, newRole: "ADMIN" }),
        makeMember: !self && member.role === "ADMIN" && allowed({ type: "member.setRole", targetRole: member.role, newRole: "MEMBER" }),
        makeOwner: !self && allowed({ type: "room.transferOwnership" }),
      },
    };
  });

  return (
    <ChatLayout currentRoomId={room.id} me={{ id: user.id, name: user.name }}>
      <MembersView
        room={{ id: room.id, slug: room.slug, name: room.name, channels: channelsOf({ id: room.id, channelKey: context.channelKey }) }}
        meId={user.id}
        myRole={context.role!}
        members={rows}
        invitations={invitations?.map((i) => ({
          id: i.id,
          kind: i.kind,
          email: i.email,
          state: i.state,
          uses: i.uses,
          maxUses: i.maxUses,
          expiresAt: i.expiresAt.toISOString(),
          createdBy: i.createdBy?.name ?? null,
        })) ?? null}
        bans={bans}
        audit={audit}
      />
    </ChatLayout>
  );
}
