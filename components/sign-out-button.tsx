"use client";

import { useState } from "react";
import { signOutHere } from "@/lib/client/sign-in";

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="relative">
      <button
        type="button"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          setError(null);
          const result = await signOutHere();
          // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load drops the page's realtime connection and state with the session
          if (result.ok) return window.location.assign("/login");
          setError(`Not signed out: ${result.message}`);
          setPending(false);
        }}
        className="rounded-md border border-zinc-300 px-3 py-1.5 font-medium hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        {pending ? "Signing out…" : "Sign out"}
      </button>
      {error && (
        <span role="alert" className="absolute right-0 top-full z-10 mt-2 w-64 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 shadow dark:bg-red-950 dark:text-red-300">
          {error}
        </span>
      )}
    </span>
  );
}
