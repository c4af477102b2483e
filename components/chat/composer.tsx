"use client";

import { useRef, useState, type KeyboardEvent } from "react";
import { maxMessageLength } from "@/lib/schemas/messages-limits";

export interface ComposerProps {
  roomName: string;
  disabledReason: string | null;
  onSend: (body: string) => void;
  onTyping: () => void;
}

/** Enter sends, Shift+Enter starts a new line. */
export function Composer({ roomName, disabledReason, onSend, onTyping }: ComposerProps) {
  const [value, setValue] = useState("");
  const ref = useRef<HTMLTextAreaElement>(null);
  const trimmed = value.trim();
  const tooLong = trimmed.length > maxMessageLength;

  function submit() {
    if (!trimmed || tooLong || disabledReason) return;
    onSend(trimmed);
    setValue("");
    ref.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  return (
    <form
      className="border-t border-zinc-200 p-3 dark:border-zinc-800"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div className="flex items-end gap-2">
        <label htmlFor="composer" className="sr-only">
          Message #{roomName}
        </label>
        <textarea
          id="composer"
          ref={ref}
          rows={1}
          value={value}
          disabled={Boolean(disabledReason)}
          placeholder={disabledReason ?? "Write a message…"}
          onChange={(event) => {
            setValue(event.target.value);
            onTyping();
          }}
          onKeyDown={onKeyDown}
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
