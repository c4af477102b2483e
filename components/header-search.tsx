"use client";

import { useEffect, useRef } from "react";

/** The header's search box; Ctrl/Cmd+K focuses it from anywhere. */
export function HeaderSearch() {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
        event.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <form action="/search" role="search" className="hidden sm:block">
      <input ref={input} name="q" type="search" required maxLength={200} aria-label="Search messages (Ctrl+K)" placeholder="Search (Ctrl+K)" className="w-48 rounded-md border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700" data-testid="header-search" />
    </form>
  );
}
