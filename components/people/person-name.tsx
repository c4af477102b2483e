"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useLayoutEffect, useRef, useState, type RefObject } from "react";
import { createPortal } from "react-dom";
import { Avatar } from "@/components/ui/avatar";
import { readError } from "@/lib/client/sign-in";
import { formatLastSeen } from "@/lib/last-seen";

export interface PersonNameProps {
  person: { id: string; name: string };
  /** The signed-in person: their own card says "You" and offers no Message or Block. */
  meId: string;
  /** Shown as "online" on the card (from live presence); otherwise the card says when they were last seen. */
  online?: boolean;
  className?: string;
}

interface PersonCard {
  id: string;
  name: string;
  lastSeenAt: string | null;
  sharedRooms: { id: string; slug: string; name: string }[];
  blockedByMe: boolean;
}

type Load = { status: "loading" } | { status: "error"; message: string } | { status: "loaded"; card: PersonCard };

const offline = "Can't reach Parley. Check your connection and try again.";

/**
 * A person's name as a button that opens their card: a popover on wide screens, a sheet at the
 * bottom on narrow ones. Escape, the close button and a click outside close it.
 */
export function PersonName({ person, meId, online, className }: PersonNameProps) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);

  function close({ refocus }: { refocus: boolean }) {
    setOpen(false);
    if (refocus) trigger.current?.focus();
  }

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Element | null;
      if (!target || trigger.current?.contains(target) || dialog.current?.contains(target)) return;
      // Focus moves to whatever focusable was clicked; otherwise back to the name.
      close({ refocus: !target.closest("a, button, input, textarea, select, [tabindex]") });
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  return (
    <span className="inline-block max-w-full">
      <button
        ref={trigger}
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen((was) => !was)}
        className={`max-w-full truncate rounded text-left font-medium hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 ${className ?? ""}`}
        data-testid="person-name"
      >
        {person.name}
      </button>
      {/* In a portal: lists and sidebars clip their overflow, which would cut a popover off. */}
      {open && createPortal(<PersonCardDialog dialog={dialog} trigger={trigger} person={person} meId={meId} online={online} onClose={close} />, document.body)}
    </span>
  );
}

const cardWidth = 288;

/** Below the name on wide screens (kept inside the window); null on narrow ones, where the card is a bottom sheet. */
function usePopoverPosition(trigger: RefObject<HTMLButtonElement | null>): { top: number; left: number } | null {
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  useLayoutEffect(() => {
    const place = () => {
      const rect = trigger.current?.getBoundingClientRect();
      if (!rect || !window.matchMedia("(min-width: 640px)").matches) return setPosition(null);
      setPosition({ top: rect.bottom + 4, left: Math.max(8, Math.min(rect.left, window.innerWidth - cardWidth - 8)) });
    };
    place();
    window.addEventListener("resize", place);
    window.addEventListener("scroll", place, true);
    return () => {
      window.removeEventListener("resize", place);
      window.removeEventListener("scroll", place, true);
    };
  }, [trigger]);
  return position;
}

interface PersonCardDialogProps {
  dialog: RefObject<HTMLDivElement | null>;
  trigger: RefObject<HTMLButtonElement | null>;
  person: { id: string; name: string };
  meId: string;
  online?: boolean;
  onClose: (options: { refocus: boolean }) => void;
}

function PersonCardDialog({ dialog, trigger, person, meId, online, onClose }: PersonCardDialogProps) {
  const router = useRouter();
  const headingId = useId();
  const position = usePopoverPosition(trigger);
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const [confirmingBlock, setConfirmingBlock] = useState(false);
  const [pending, setPending] = useState<"message" | "block" | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const isMe = person.id === meId;

  useEffect(() => {
    dialog.current?.focus();
  }, [dialog]);

  useEffect(() => {
    const controller = new AbortController();
    fetch(`/api/users/${encodeURIComponent(person.id)}`, { signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) return setLoad({ status: "error", message: (await readError(response)).message });
        setLoad({ status: "loaded", card: ((await response.json()) as { user: PersonCard }).user });
      })
      .catch(() => {
        if (!controller.signal.aborted) setLoad({ status: "error", message: offline });
      });
    return () => controller.abort();
  }, [person.id]);

  const card = load.status === "loaded" ? load.card : null;
  const name = card?.name ?? person.name;

  async function message() {
    setPending("message");
    setActionError(null);
    try {
      const response = await fetch("/api/conversations", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ userIds: [person.id] }) });
      if (!response.ok) return setActionError((await readError(response)).message);
      const { conversation } = (await response.json()) as { conversation: { id: string; slug: string } };
      router.push(`/rooms/${conversation.slug}`);
    } catch {
      setActionError(offline);
    } finally {
      setPending(null);
    }
  }

  async function setBlocked(blocked: boolean) {
    setConfirmingBlock(false);
    setPending("block");
    setActionError(null);
    const response = await fetch(`/api/users/${encodeURIComponent(person.id)}/block`, { method: blocked ? "PUT" : "DELETE" }).catch(() => null);
    setPending(null);
    if (!response) return setActionError(offline);
    if (!response.ok) return setActionError((await readError(response)).message);
    setLoad((current) => (current.status === "loaded" ? { status: "loaded", card: { ...current.card, blockedByMe: blocked } } : current));
  }

  return (
    <>
      {!position && <div aria-hidden className="fixed inset-0 z-40 bg-black/30" />}
      <div
        ref={dialog}
        style={position ? { top: position.top, left: position.left, width: cardWidth } : undefined}
        role="dialog"
        aria-labelledby={headingId}
        tabIndex={-1}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.stopPropagation();
            onClose({ refocus: true });
          }
        }}
        className={`fixed z-50 max-h-[80dvh] overflow-y-auto border border-zinc-200 bg-white p-4 text-left text-sm font-normal text-zinc-900 shadow-xl outline-none dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100 ${position ? "rounded-xl" : "inset-x-0 bottom-0 rounded-t-2xl"}`}
        data-testid="person-card"
      >
        <div className="flex items-start gap-3">
          <Avatar person={{ id: person.id, name }} size="lg" status={online ? "online" : undefined} />
          <div className="min-w-0 flex-1">
            <h2 id={headingId} className="truncate text-base font-semibold">
              {name}
              {isMe && <span className="font-normal text-zinc-500"> (You)</span>}
            </h2>
            <p className="text-xs text-zinc-500" data-testid="person-presence">
              {online ? "online" : card ? formatLastSeen(card.lastSeenAt, new Date()) : ""}
            </p>
          </div>
          <button type="button" onClick={() => onClose({ refocus: true })} aria-label="Close" className="-mr-1 -mt-1 rounded p-1 text-zinc-500 hover:bg-zinc-100 dark:hover:bg-zinc-800">
            <span aria-hidden>×</span>
          </button>
        </div>

        {load.status === "loading" && (
          <p role="status" className="mt-3 text-zinc-500">
            Loading…
          </p>
        )}
        {load.status === "error" && (
          <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-red-700 dark:bg-red-950 dark:text-red-300">
            {load.message}
          </p>
        )}
        {card && (
          <>
            <h3 className="mt-3 text-xs font-semibold uppercase tracking-wide text-zinc-500">{isMe ? "Your rooms" : "Rooms in common"}</h3>
            {card.sharedRooms.length === 0 ? (
              <p className="mt-1 text-zinc-500">None</p>
            ) : (
              <ul className="mt-1 flex flex-wrap gap-1.5" aria-label={isMe ? "Your rooms" : "Rooms in common"}>
                {card.sharedRooms.map((room) => (
                  <li key={room.id}>
                    <Link href={`/rooms/${room.slug}`} className="inline-block max-w-48 truncate rounded-full bg-zinc-100 px-2 py-0.5 text-xs hover:underline dark:bg-zinc-800">
                      #{room.name}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
            {!isMe && (
              <div className="mt-4 flex flex-col gap-2">
                {actionError && (
                  <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-700 dark:bg-red-950 dark:text-red-300">
                    {actionError}
                  </p>
                )}
                {confirmingBlock ? (
                  <div role="group" aria-label={`Confirm blocking ${name}`} className="flex flex-wrap items-center gap-2">
                    <span>Block {name}? They won&apos;t be able to start a conversation with you.</span>
                    <button type="button" autoFocus onClick={() => void setBlocked(true)} className="rounded-md bg-red-600 px-3 py-1.5 text-xs font-medium text-white hover:bg-red-700">
                      Block
                    </button>
                    <button type="button" onClick={() => setConfirmingBlock(false)} className="rounded-md border border-zinc-300 px-3 py-1.5 text-xs font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
                      Cancel
                    </button>
                  </div>
                ) : (
                  <div className="flex flex-wrap gap-2">
                    {!card.blockedByMe && (
                      <button
                        type="button"
                        disabled={pending !== null}
                        onClick={() => void message()}
                        className="rounded-md bg-brand-600 px-3 py-1.5 text-xs font-medium text-white hover:bg-brand-700 disabled:opacity-60"
                      >
                        {pending === "message" ? "Opening…" : "Message"}
                      </button>
                    )}
                    <button
                      type="button"
                      disabled={pending !== null}
                      onClick={() => (card.blockedByMe ? void setBlocked(false) : setConfirmingBlock(true))}
                      className="rounded-md border border-zinc-300 px-3 py-1.5 text-xs font-medium hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800"
                    >
                      {pending === "block" ? "Saving…" : card.blockedByMe ? "Unblock" : "Block"}
                    </button>
                  </div>
                )}
                {card.blockedByMe && <p className="text-xs text-zinc-500">You blocked {name}.</p>}
              </div>
            )}
          </>
        )}
      </div>
    </>
  );
}
