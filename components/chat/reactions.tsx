"use client";

import { useEffect, useId, useRef, useState } from "react";
import { commonEmoji, searchEmoji } from "@/lib/emoji";
import type { ReactionDto } from "@/lib/messages-types";

function whoReacted(reaction: ReactionDto, meId: string): string {
  const names = reaction.users.map((u) => (u.id === meId ? "you" : u.name));
  const list = names.length <= 2 ? names.join(" and ") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return `${list} reacted with ${reaction.emoji}`;
}

/** A message's reactions as toggles: the count, and who reacted on hover or focus (the label). */
export function ReactionChips({ reactions, meId, onToggle }: { reactions: ReactionDto[]; meId: string; onToggle: (emoji: string, reacted: boolean) => void }) {
  if (reactions.length === 0) return null;
  return (
    <ul className="mt-1 flex flex-wrap gap-1" aria-label="Reactions" data-testid="reactions">
      {reactions.map((reaction) => {
        const mine = reaction.users.some((u) => u.id === meId);
        const label = whoReacted(reaction, meId);
        return (
          <li key={reaction.emoji}>
            <button
              type="button"
              aria-pressed={mine}
              aria-label={label}
              title={label}
              onClick={() => onToggle(reaction.emoji, !mine)}
              className="flex items-center gap-1 rounded-full border border-zinc-200 bg-white px-2 py-0.5 text-sm hover:border-brand-500 aria-pressed:border-brand-500 aria-pressed:bg-brand-50 dark:border-zinc-700 dark:bg-zinc-900 dark:aria-pressed:bg-zinc-800"
              data-testid="reaction"
              data-emoji={reaction.emoji}
            >
              <span aria-hidden>{reaction.emoji}</span>
              <span className="text-xs font-medium" aria-hidden data-testid="reaction-count">
                {reaction.users.length}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** "React": a small picker (the common ones first, a search over the rest); Escape or picking closes it. */
export function ReactionPicker({ onPick, label = "React" }: { onPick: (emoji: string) => void; label?: string }) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const panel = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const searchId = useId();
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!panel.current?.contains(event.target as Node) && !trigger.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);
  const close = () => {
    setOpen(false);
    setQuery("");
    trigger.current?.focus();
  };
  const found = query ? searchEmoji(query) : [...commonEmoji.map((emoji) => ({ emoji, name: "" })), ...searchEmoji("").filter((e) => !commonEmoji.includes(e.emoji))];
  return (
    <span className="relative">
      <button ref={trigger} type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)} className="text-zinc-500 underline">
        {label}
      </button>
      {open && (
        <div
          ref={panel}
          role="dialog"
          aria-label="Pick a reaction"
          onKeyDown={(event) => {
            if (event.key === "Escape") {
              event.stopPropagation();
              close();
            }
          }}
          className="absolute right-0 top-full z-20 mt-1 w-64 rounded-lg border border-zinc-200 bg-white p-2 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <label htmlFor={searchId} className="sr-only">
            Search emoji
          </label>
          <input
            id={searchId}
            autoFocus
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Search emoji"
            autoComplete="off"
            className="mb-2 w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950"
          />
          {found.length === 0 ? (
            <p className="px-1 py-2 text-sm text-zinc-500">No emoji match “{query}”.</p>
          ) : (
            <ul className="grid max-h-48 grid-cols-8 gap-0.5 overflow-y-auto" aria-label="Emoji">
              {found.map(({ emoji, name }) => (
                <li key={emoji}>
                  <button
                    type="button"
                    aria-label={name ? `${emoji} ${name.split(" ")[0]}` : emoji}
                    onClick={() => {
                      onPick(emoji);
                      close();
                    }}
                    className="grid size-7 place-items-center rounded text-lg hover:bg-zinc-100 focus:bg-zinc-100 dark:hover:bg-zinc-800 dark:focus:bg-zinc-800"
                  >
                    {emoji}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </span>
  );
}
