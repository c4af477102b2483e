"use client";

import { useId, useRef, useState, type ClipboardEvent, type DragEvent, type KeyboardEvent } from "react";
import { ComposerUploads } from "@/components/chat/composer-uploads";
import type { AttachmentDto } from "@/lib/attachments-types";
import { useUploads } from "@/lib/client/uploads";
import { wrapSelection } from "@/lib/client/wrap-selection";
import { maxMessageLength } from "@/lib/schemas/messages-limits";

export interface MentionCandidate {
  id: string;
  name: string;
}

export interface ComposerProps {
  /** What the text box is labelled with: "Message #general", "Message Ada". */
  label: string;
  disabledReason: string | null;
  /** `mentions`: the people picked from the @ list whose `@Name` is still in the text; `attachments`: the finished uploads. */
  onSend: (body: string, mentions: string[], attachments: AttachmentDto[]) => void;
  /** Files can be shared (attach button, paste, drag and drop) into this room. */
  roomId?: string;
  onTyping: () => void;
  /** The people who can be mentioned here (loaded the first time @ is typed). */
  loadPeople?: () => Promise<MentionCandidate[]>;
  meId?: string;
  /** Whether @room is offered (the policy's answer for this room and person). */
  canMentionEveryone?: boolean;
}

const everyone: MentionCandidate = { id: "@room", name: "room" };
// Ctrl/Cmd+B and Ctrl/Cmd+I wrap the selection in Markdown; the text box stays plain text.
const formatKeys: Record<string, string | undefined> = { b: "**", i: "_" };
const tokenBeforeCaret = /(^|\s)@([^\s@]{0,40})$/;

/** Enter sends, Shift+Enter starts a new line; @ opens the list of people to mention; Ctrl/Cmd+B and +I format. */
export function Composer({ label, disabledReason, onSend, onTyping, loadPeople, meId, canMentionEveryone = true, roomId }: ComposerProps) {
  const [value, setValue] = useState("");
  const files = useUploads(roomId ?? "");
  const fileInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const inputId = useId();
  const [people, setPeople] = useState<MentionCandidate[] | null>(null);
  const loading = useRef(false);
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [picked, setPicked] = useState<MentionCandidate[]>([]);
  const trimmed = value.trim();
  const tooLong = trimmed.length > maxMessageLength;
  // Sendable: some text or a finished file, nothing still uploading or failed, nothing too long.
  const canSend = (Boolean(trimmed) || files.ready.length > 0) && !files.busy && !files.failed && !tooLong && !disabledReason;

  const candidates =
    query === null
      ? []
      : [
          ...(canMentionEveryone && "room".startsWith(query.toLowerCase()) ? [everyone] : []),
          ...(people ?? []).filter((p) => p.id !== meId && p.name.toLowerCase().split(/\s+/).concat(p.name.toLowerCase()).some((word) => word.startsWith(query.toLowerCase()))),
        ].slice(0, 8);
  const listOpen = query !== null && candidates.length > 0;

  function updateQuery(text: string, caret: number) {
    const match = tokenBeforeCaret.exec(text.slice(0, caret));
    if (!match || !loadPeople) return setQuery(null);
    setQuery(match[2] ?? "");
    setActive(0);
    if (people === null && !loading.current) {
      loading.current = true;
      loadPeople()
        .then(setPeople)
        .catch(() => setPeople([]))
        .finally(() => (loading.current = false));
    }
  }

  function pick(candidate: MentionCandidate) {
    const el = ref.current;
    if (!el) return;
    const caret = el.selectionStart;
    const before = value.slice(0, caret).replace(/@[^\s@]*$/, `@${candidate.name} `);
    const next = before + value.slice(caret);
    setValue(next);
    if (candidate !== everyone) setPicked((current) => (current.some((p) => p.id === candidate.id) ? current : [...current, candidate]));
    setQuery(null);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(before.length, before.length);
    });
  }

  function submit() {
    if (!canSend) return;
    onSend(trimmed, picked.filter((p) => trimmed.includes(`@${p.name}`)).map((p) => p.id), files.ready);
    files.clear();
    setValue("");
    setPicked([]);
    setQuery(null);
    ref.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Keys that finish an IME composition belong to the composition.
    if (event.nativeEvent.isComposing) return;
    if (listOpen) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        setActive((i) => (i + (event.key === "ArrowDown" ? 1 : candidates.length - 1)) % candidates.length);
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        pick(candidates[Math.min(active, candidates.length - 1)]!);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        setQuery(null);
        return;
      }
    }
    const marker = event.ctrlKey || event.metaKey ? formatKeys[event.key.toLowerCase()] : undefined;
    if (marker && !event.altKey && !event.shiftKey) {
      event.preventDefault();
      const el = event.currentTarget;
      const next = wrapSelection(value, el.selectionStart, el.selectionEnd, marker);
      setValue(next.value);
      setQuery(null);
      onTyping();
      requestAnimationFrame(() => el.setSelectionRange(next.start, next.end));
      return;
    }
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      submit();
    }
  }

  const optionId = (i: number) => `${listId}-option-${i}`;

  function onPaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    const pasted = [...event.clipboardData.files];
    if (!roomId || pasted.length === 0) return;
    event.preventDefault();
    files.add(pasted);
  }

  const dropHandlers = roomId
    ? {
        onDragOver: (event: DragEvent) => {
          if (!event.dataTransfer.types.includes("Files")) return;
          event.preventDefault();
          setDragging(true);
        },
        onDragLeave: (event: DragEvent) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
        },
        onDrop: (event: DragEvent) => {
          if (event.dataTransfer.files.length === 0) return;
          event.preventDefault();
          setDragging(false);
          files.add([...event.dataTransfer.files]);
        },
      }
    : {};

  return (
    <form
      className={`relative border-t border-zinc-200 p-3 dark:border-zinc-800 ${dragging ? "bg-brand-50 dark:bg-zinc-800" : ""}`}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      {...dropHandlers}
    >
      {dragging && (
        <p className="pointer-events-none absolute inset-0 z-10 flex items-center justify-center rounded-md border-2 border-dashed border-brand-500 text-sm font-medium text-brand-700 dark:text-brand-100">
          Drop files to share them
        </p>
      )}
      {roomId && files.uploads.length > 0 && <ComposerUploads uploads={files.uploads} onRemove={files.remove} onRetry={files.retry} />}
      <div className="relative flex items-end gap-2">
        {listOpen && (
          <ul
            id={listId}
            role="listbox"
            aria-label="People to mention"
            className="absolute bottom-full left-0 z-10 mb-2 max-h-64 w-72 max-w-full overflow-y-auto rounded-md border border-zinc-200 bg-white py-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
            data-testid="mention-list"
          >
            {candidates.map((candidate, i) => (
              <li
                key={candidate.id}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(candidate);
                }}
                className="cursor-pointer px-3 py-1.5 text-sm aria-selected:bg-brand-50 dark:aria-selected:bg-zinc-800"
              >
                {candidate === everyone ? (
                  <>
                    <span className="font-medium">@room</span> <span className="text-zinc-500">notify everyone here</span>
                  </>
                ) : (
                  candidate.name
                )}
              </li>
            ))}
          </ul>
        )}
        {roomId && (
          <>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              data-testid="file-input"
              onChange={(event) => {
                files.add([...(event.target.files ?? [])]);
                event.target.value = "";
              }}
            />
            <button
              type="button"
              onClick={() => fileInput.current?.click()}
              disabled={Boolean(disabledReason)}
              aria-label="Attach files"
              title="Attach files (or paste, or drop them here)"
              className="flex h-10 shrink-0 items-center rounded-md border border-zinc-300 px-2.5 text-zinc-700 hover:bg-zinc-50 disabled:opacity-50 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800"
            >
              <svg data-app-icon aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" strokeLinejoin="round">
                <path d="M21 11.5l-8.6 8.6a5 5 0 0 1-7.1-7.1l8.6-8.6a3.3 3.3 0 0 1 4.7 4.7l-8.6 8.6a1.7 1.7 0 0 1-2.4-2.4l7.9-7.9" />
              </svg>
            </button>
          </>
        )}
        <label htmlFor={inputId} className="sr-only">
          {label}
        </label>
        <textarea
          id={inputId}
          ref={ref}
          rows={1}
          value={value}
          disabled={Boolean(disabledReason)}
          placeholder={disabledReason ?? "Write a message… (@ to mention someone)"}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={listOpen}
          aria-controls={listOpen ? listId : undefined}
          aria-activedescendant={listOpen ? optionId(active) : undefined}
          onChange={(event) => {
            setValue(event.target.value);
            updateQuery(event.target.value, event.target.selectionStart);
            onTyping();
          }}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          // The caret moved (arrows, a click): the @ list follows the word it is in now.
          onSelect={(event) => query !== null && updateQuery(event.currentTarget.value, event.currentTarget.selectionStart)}
          onBlur={() => setQuery(null)}
          aria-describedby={tooLong ? "composer-error" : undefined}
          className="max-h-40 min-h-10 flex-1 resize-none rounded-md border border-zinc-300 bg-white px-3 py-2 text-base outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 disabled:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900 dark:disabled:bg-zinc-800"
        />
        <button
          type="submit"
          disabled={!canSend}
          title={files.busy ? "Waiting for files to finish uploading" : files.failed ? "Remove or retry the files that failed" : undefined}
          className="h-10 rounded-md bg-brand-600 px-4 font-medium text-white hover:bg-brand-700 disabled:opacity-50"
        >
          Send
        </button>
      </div>
      {tooLong && (
        <p id="composer-error" className="mt-1 text-sm text-red-600">
          Messages can be at most {maxMessageLength} characters ({trimmed.length} now).
        </p>
      )}
    </form>
  );
}
