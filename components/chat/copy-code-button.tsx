"use client";

import { useEffect, useState } from "react";

export interface CopyCodeButtonProps {
  code: string;
}

/** Copies a code block's text; says "Copied" for two seconds, or that it could not. */
export function CopyCodeButton({ code }: CopyCodeButtonProps) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <button
      type="button"
      onClick={() => {
        navigator.clipboard.writeText(code).then(
          () => setState("copied"),
          () => setState("failed"),
        );
      }}
      className="absolute right-1 top-1 rounded border border-zinc-300 bg-white px-1.5 py-0.5 font-sans text-xs text-zinc-700 hover:bg-zinc-100 dark:border-zinc-600 dark:bg-zinc-800 dark:text-zinc-200 dark:hover:bg-zinc-700"
    >
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy code"}</span>
    </button>
  );
}
