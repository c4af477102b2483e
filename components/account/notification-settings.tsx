"use client";

import { useState } from "react";
import { readError } from "@/lib/client/sign-in";

type Level = "ALL" | "MENTIONS" | "NOTHING";

export interface NotificationRoomRow {
  id: string;
  slug: string;
  kind: "ROOM" | "DIRECT" | "GROUP";
  /** A room's name; a conversation's other members. */
  label: string;
  muted: boolean;
}

export interface NotificationSettingsProps {
  level: Level;
  rooms: NotificationRoomRow[];
  /** Where the desktop-notifications control goes (the lead places it). */
  children?: React.ReactNode;
}

const levels: { value: Level; label: string; hint: string }[] = [
  { value: "ALL", label: "All messages", hint: "Every message in your rooms and conversations." },
  { value: "MENTIONS", label: "Mentions and direct messages", hint: "When someone @mentions you, and messages in your conversations." },
  { value: "NOTHING", label: "Nothing", hint: "No notifications. Unread counts still show." },
];

const offline = "Can't reach Parley. Check your connection and try again.";

function json(method: string, url: string, body: unknown) {
  return fetch(url, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

/** The notification level (saved as soon as it changes) and a mute switch for each room and conversation. */
export function NotificationSettings({ level: initialLevel, rooms, children }: NotificationSettingsProps) {
  const [level, setLevel] = useState(initialLevel);
  const [levelState, setLevelState] = useState<{ status: "idle" | "saving" | "saved" } | { status: "error"; message: string }>({ status: "idle" });

  async function choose(next: Level) {
    const previous = level;
    setLevel(next);
    setLevelState({ status: "saving" });
    const response = await json("PATCH", "/api/account/notifications", { level: next }).catch(() => null);
    if (response?.ok) return setLevelState({ status: "saved" });
    setLevel(previous);
    setLevelState({ status: "error", message: response ? (await readError(response)).message : offline });
  }

  return (
    <section aria-labelledby="notifications-heading" className="mt-8 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="notifications-heading" className="font-semibold">
        Notifications
      </h2>
      <fieldset className="mt-3" aria-describedby="notify-level-state">
        <legend className="text-sm font-medium">Notify me about</legend>
        <div className="mt-2 flex flex-col gap-2">
          {levels.map((option) => (
            <label key={option.value} className="flex cursor-pointer items-start gap-2 text-sm">
              <input type="radio" name="notifyLevel" value={option.value} checked={level === option.value} onChange={() => void choose(option.value)} className="mt-0.5 accent-brand-600" />
              <span>
                <span className="font-medium">{option.label}</span>
                <span className="block text-xs text-zinc-500">{option.hint}</span>
              </span>
            </label>
          ))}
        </div>
        <p id="notify-level-state" role={levelState.status === "error" ? "alert" : "status"} className={`mt-2 min-h-5 text-sm ${levelState.status === "error" ? "text-red-700 dark:text-red-300" : "text-green-700 dark:text-green-300"}`}>
          {levelState.status === "saving" ? "Saving…" : levelState.status === "saved" ? "Saved" : levelState.status === "error" ? levelState.message : ""}
        </p>
      </fieldset>

      {/* LEAD: place <DesktopNotifications publicKey={…} /> here, passed in as children by app/account/page.tsx. */}
      {children}

      <h3 className="mt-4 text-sm font-medium">Rooms and conversations</h3>
      {rooms.length === 0 ? (
        <p className="mt-1 text-sm text-zinc-500">You are not in any room yet.</p>
      ) : (
        <ul className="mt-2 divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" data-testid="mute-list">
          {rooms.map((room) => (
            <MuteRow key={room.id} room={room} />
          ))}
        </ul>
      )}
    </section>
  );
}

function MuteRow({ room }: { room: NotificationRoomRow }) {
  const [muted, setMuted] = useState(room.muted);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const title = room.kind === "ROOM" ? `#${room.label}` : room.label;

  async function toggle() {
    setPending(true);
    setError(null);
    const response = await json("PUT", `/api/rooms/${room.id}/mute`, { muted: !muted }).catch(() => null);
    if (response?.ok) setMuted(((await response.json()) as { muted: boolean }).muted);
    else setError(response ? (await readError(response)).message : offline);
    setPending(false);
  }

  return (
    <li className="flex flex-wrap items-center gap-2 px-3 py-2 text-sm" data-testid="mute-row" data-room-id={room.id}>
      <span className="min-w-0 flex-1 truncate">
        {title}
        {room.kind !== "ROOM" && <span className="text-zinc-500"> · conversation</span>}
      </span>
      {error && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-300">
          {error}
        </span>
      )}
      <button
        type="button"
        role="switch"
        aria-checked={muted}
        aria-label={`Mute ${title}`}
        disabled={pending}
        onClick={() => void toggle()}
        className={`rounded-md border px-2.5 py-1 text-xs font-medium disabled:opacity-60 ${muted ? "border-zinc-800 bg-zinc-800 text-white dark:border-zinc-200 dark:bg-zinc-200 dark:text-zinc-900" : "border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"}`}
      >
        {muted ? "Muted" : "Mute"}
      </button>
    </li>
  );
}
