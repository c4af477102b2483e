"use client";

import { useState } from "react";
import { readError, signOutHere } from "@/lib/client/sign-in";

/** Ends every session of this account (other browsers, other devices, copies of a token), then this one. */
export function SignOutEverywhere() {
  const [state, setState] = useState<"idle" | "confirming" | "pending">("idle");
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setState("pending");
    setError(null);
    const response = await fetch("/api/account/sign-out-everywhere", { method: "POST" }).catch(() => null);
    if (!response?.ok) {
      setError(response ? (await readError(response)).message : "Can't reach Parley. Check your connection and try again.");
      setState("idle");
      return;
    }
    // Every session has ended, this one too: clearing its cookie cannot fail in a way that matters.
    await signOutHere();
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load after an auth change
    window.location.assign("/login");
  }

  return (
    <section aria-labelledby="sessions-heading" className="mt-8 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="sessions-heading" className="font-semibold">
        Sessions
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Signed in somewhere you no longer use, or on a shared computer? Sign out of Parley everywhere, including here.</p>
      {error && (
        <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
          {error}
        </p>
      )}
      <div className="mt-3 flex flex-wrap items-center gap-2">
        {state === "confirming" ? (
          <>
            <span className="text-sm">Sign out on every device?</span>
            <button type="button" autoFocus onClick={() => void run()} className="rounded-md bg-red-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-700">
              Sign out everywhere
            </button>
            <button type="button" onClick={() => setState("idle")} className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
              Cancel
            </button>
          </>
        ) : (
          <button
            type="button"
            disabled={state === "pending"}
            onClick={() => setState("confirming")}
            className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            {state === "pending" ? "Signing out everywhere…" : "Sign out everywhere"}
          </button>
        )}
      </div>
    </section>
  );
}
