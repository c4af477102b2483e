"use client";

import { useId, useRef, useState, type KeyboardEvent } from "react";
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
  /** `mentions`: the people picked from the @ list whose `@Name` is still in the text. */
  onSend: (body: string, mentions: string[]) => void;
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
export function Composer({ label, disabledReason, onSend, onTyping, loadPeople, meId, canMentionEveryone = true }: ComposerProps) {
  const [value, setValue] = useState("");
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
    if (!trimmed || tooLong || disabledReason) return;
    onSend(trimmed, picked.filter((p) => trimmed.includes(`@${p.name}`)).map((p) => p.id));
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

  return (
    <form
      className="border-t border-zinc-200 p-3 dark:border-zinc-800"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
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
          // The caret moved (arrows, a click): the @ list follows the word it is in now.
          onSelect={(event) => query !== null && updateQuery(event.currentTarget.value, event.currentTarget.selectionStart)}
          onBlur={() => setQuery(null)}
          aria-describedby={tooLong ? "composer-error" : undefined}
          className="max-h-40 min-h-10 flex-1 resize-none rounded-md border border-zinc-300 bg-white px-3 py-2 text-base outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 disabled:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900 dark:disabled:bg-zinc-800"
        />
        <button
          type="submit"
          disabled={!trimmed || tooLong || Boolean(disabledReason)}
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
