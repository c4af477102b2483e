"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { AuditLog, type AuditPage } from "@/components/admin/audit-log";
import { InvitePanel, type InvitationRow } from "@/components/admin/invite-panel";
import { PersonName } from "@/components/people/person-name";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { Avatar } from "@/components/ui/avatar";
import { readError } from "@/lib/client/sign-in";
import type { RoomChannelNames } from "@/lib/client/room-channels";
import { formatLastSeen } from "@/lib/last-seen";

type Role = "OWNER" | "ADMIN" | "MEMBER";

export interface MemberRow {
  id: string;
  name: string;
  role: Role;
  joinedAt: string;
  /** When they were last seen online (ISO), null if never. */
  lastSeenAt: string | null;
  actions: { remove: boolean; ban: boolean; makeAdmin: boolean; makeMember: boolean; makeOwner: boolean };
}

type ActionName = keyof MemberRow["actions"];

const actionLabels: Record<ActionName, { label: string; confirm?: (name: string) => string; pending: string }> = {
  makeAdmin: { label: "Make admin", pending: "Saving…" },
  makeMember: { label: "Make member", pending: "Saving…" },
  makeOwner: { label: "Make owner", confirm: (name) => `Make ${name} the owner? You will become an admin.`, pending: "Transferring…" },
  remove: { label: "Remove", confirm: (name) => `Remove ${name} from the room?`, pending: "Removing…" },
  ban: { label: "Ban", confirm: (name) => `Ban ${name}? They can't rejoin until the ban is lifted.`, pending: "Banning…" },
};

function request(roomId: string, member: MemberRow, action: ActionName): Promise<Response> {
  const json = (method: string, url: string, body: unknown) => fetch(url, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  switch (action) {
    case "makeAdmin":
      return json("PATCH", `/api/rooms/${roomId}/members/${member.id}`, { role: "ADMIN" });
    case "makeMember":
      return json("PATCH", `/api/rooms/${roomId}/members/${member.id}`, { role: "MEMBER" });
    case "makeOwner":
      return json("POST", `/api/rooms/${roomId}/ownership`, { userId: member.id });
    case "remove":
      return fetch(`/api/rooms/${roomId}/members/${member.id}`, { method: "DELETE" });
    case "ban":
      return fetch(`/api/rooms/${roomId}/members/${member.id}?ban=true`, { method: "DELETE" });
  }
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export interface MembersViewProps {
  room: { id: string; slug: string; name: string; channels: RoomChannelNames };
  meId: string;
  myRole: Role;
  members: MemberRow[];
  invitations: InvitationRow[] | null;
  bans: { id: string; name: string; bannedBy: string | null; bannedAt: string }[] | null;
  audit: AuditPage | null;
}

export function MembersView({ room, meId, myRole, members, invitations, bans, audit }: MembersViewProps) {
  const router = useRouter();
  const online = useOnlineIds(room.id, room.channels);
  const [confirming, setConfirming] = useState<{ id: string; action: ActionName } | null>(null);
  const [pending, setPending] = useState<{ id: string; action: ActionName } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function run(member: MemberRow, action: ActionName) {
    setConfirming(null);
    setPending({ id: member.id, action });
    setError(null);
    setNotice(null);
    try {
      const response = await request(room.id, member, action);
      if (!response.ok) setError((await readError(response)).message);
      else {
        setNotice(
          { makeAdmin: `${member.name} is now an admin.`, makeMember: `${member.name} is now a member.`, makeOwner: `${member.name} now owns the room.`, remove: `${member.name} was removed.`, ban: `${member.name} was banned.` }[action],
        );
        router.refresh();
      }
    } catch {
      setError("Can't reach Parley. Check your connection and try again.");
    } finally {
      setPending(null);
    }
  }

  async function unban(ban: { id: string; name: string }) {
    setError(null);
    setNotice(null);
    const response = await fetch(`/api/rooms/${room.id}/bans/${ban.id}`, { method: "DELETE" }).catch(() => null);
    if (!response) return setError("Can't reach Parley. Check your connection and try again.");
    if (!response.ok) return setError((await readError(response)).message);
    setNotice(`The ban on ${ban.name} was lifted.`);
    router.refresh();
  }

  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto flex max-w-3xl flex-col gap-8 px-4 py-6">
        <header className="flex flex-wrap items-center gap-3">
          <Link href={`/rooms/${room.slug}`} className="text-sm font-medium text-brand-600 hover:underline dark:text-brand-100">
            ← #{room.name}
          </Link>
          <h1 className="text-xl font-semibold">Members</h1>
          <span className="text-sm text-zinc-500">
            {members.length} {members.length === 1 ? "member" : "members"}, {members.filter((m) => online.has(m.id)).length} online
          </span>
          {(myRole === "OWNER" || myRole === "ADMIN") && (
            <Link href={`/rooms/${room.slug}/settings`} className="ml-auto text-sm font-medium text-brand-600 hover:underline dark:text-brand-100">
              Room settings
            </Link>
          )}
        </header>

        <div aria-live="polite" className="empty:hidden">
          {notice && (
            <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800 dark:bg-green-950 dark:text-green-200">
              {notice}
            </p>
          )}
        </div>
        {error && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
            {error}
          </p>
        )}

        <section aria-labelledby="members-heading">
          <h2 id="members-heading" className="sr-only">
            Members
          </h2>
          <ul className="divide-y divide-zinc-200 overflow-hidden rounded-xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900" data-testid="members-list">
            {members.map((member) => {
              const available = (Object.keys(actionLabels) as ActionName[]).filter((a) => member.actions[a]);
              const asking = confirming?.id === member.id ? confirming.action : null;
              const busy = pending?.id === member.id ? pending.action : null;
              return (
                <li key={member.id} className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center" data-testid="member-row" data-member-id={member.id}>
                  <div className="flex min-w-0 flex-1 items-center gap-3">
                    <span
                      className={`size-2.5 shrink-0 rounded-full ${online.has(member.id) ? "bg-green-500" : "bg-zinc-300 dark:bg-zinc-700"}`}
                      role="img"
                      aria-label={online.has(member.id) ? "online" : "offline"}
                      data-testid="online-state"
                      data-online={online.has(member.id)}
                    />
                    <Avatar person={member} size="md" />
                    <div className="min-w-0">
                      <div className="flex min-w-0 items-baseline">
                        <PersonName person={{ id: member.id, name: member.name }} meId={meId} online={online.has(member.id)} />
                        {member.id === meId && <span className="shrink-0 text-zinc-500">&nbsp;(you)</span>}
                      </div>
                      <p className="text-xs text-zinc-500">
                        <span data-testid="member-presence" suppressHydrationWarning>
                          {online.has(member.id) ? "online" : formatLastSeen(member.lastSeenAt, new Date())}
                        </span>
                        {" · "}Joined {dateFormat.format(new Date(member.joinedAt))}
                      </p>
                    </div>
                    <span className="ml-auto shrink-0 rounded-full bg-zinc-100 px-2 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300" data-testid="member-role">
                      {member.role.toLowerCase()}
                    </span>
                  </div>
                  {asking ? (
                    <div className="flex flex-wrap items-center gap-2 text-sm" role="group" aria-label={`Confirm ${actionLabels[asking].label}`}>
                      <span>{actionLabels[asking].confirm!(member.name)}</span>
                      <button type="button" autoFocus onClick={() => void run(member, asking)} className="rounded-md bg-red-600 px-2.5 py-1 text-xs font-medium text-white hover:bg-red-700">
                        {actionLabels[asking].label}
                      </button>
                      <button type="button" onClick={() => setConfirming(null)} className="rounded-md border border-zinc-300 px-2.5 py-1 text-xs font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
                        Cancel
                      </button>
                    </div>
                  ) : (
                    available.length > 0 && (
                      <div className="flex flex-wrap gap-1.5">
                        {available.map((action) => (
                          <button
                            key={action}
                            type="button"
                            disabled={busy !== null}
                            aria-label={`${actionLabels[action].label}: ${member.name}`}
                            onClick={() => (actionLabels[action].confirm ? setConfirming({ id: member.id, action }) : void run(member, action))}
                            className={`rounded-md border px-2.5 py-1 text-xs font-medium disabled:opacity-60 ${
                              action === "remove" || action === "ban"
                                ? "border-red-200 text-red-700 hover:bg-red-50 dark:border-red-900 dark:text-red-300 dark:hover:bg-red-950"
                                : "border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
                            }`}
                          >
                            {busy === action ? actionLabels[action].pending : actionLabels[action].label}
                          </button>
                        ))}
                      </div>
                    )
                  )}
                </li>
              );
            })}
          </ul>
        </section>

        {invitations && <InvitePanel roomId={room.id} invitations={invitations} />}

        {bans && (
          <section aria-labelledby="bans-heading">
            <h2 id="bans-heading" className="text-sm font-semibold uppercase tracking-wide text-zinc-500">
              Banned
            </h2>
            {bans.length === 0 ? (
              <p className="mt-2 text-sm text-zinc-500">Nobody is banned from this room.</p>
            ) : (
              <ul className="mt-2 divide-y divide-zinc-200 rounded-xl border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" data-testid="bans-list">
                {bans.map((ban) => (
                  <li key={ban.id} className="flex items-center gap-3 px-4 py-2 text-sm">
                    <span className="min-w-0 flex-1 truncate">
                      <span className="font-medium">{ban.name}</span>
                      <span className="text-zinc-500">
                        {" "}
                        — banned {ban.bannedBy ? `by ${ban.bannedBy} ` : ""}on {dateFormat.format(new Date(ban.bannedAt))}
                      </span>
                    </span>
                    <button
                      type="button"
                      onClick={() => void unban(ban)}
                      aria-label={`Lift ban: ${ban.name}`}
                      className="rounded-md border border-zinc-300 px-2.5 py-1 text-xs font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
                    >
                      Lift ban
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}

        {audit && <AuditLog key={audit.entries[0]?.id ?? "empty"} roomId={room.id} initial={audit} />}
      </div>
    </div>
  );
}

/** Ids of the members on the room's presence channel right now. */
function useOnlineIds(roomId: string, names: RoomChannelNames): Set<string> {
  const { rooms } = useRealtime();
  const [online, setOnline] = useState<Set<string>>(new Set());
  const initialNames = useRef(names);
  useEffect(() => {
    if (!rooms) return;
    const watch = rooms.watch(roomId, initialNames.current, {
      messages: false,
      presence: true,
      onMembers: (members) => setOnline(new Set(members.map((m) => m.id))),
    });
    return () => watch.stop();
  }, [rooms, roomId]);
  return online;
}
