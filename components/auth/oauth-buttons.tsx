"use client";

import { signIn } from "next-auth/react";

export interface OAuthButtonsProps {
  providers: { id: string; name: string }[];
  callbackUrl: string;
}

export function OAuthButtons({ providers, callbackUrl }: OAuthButtonsProps) {
  if (providers.length === 0) return null;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex items-center gap-3 text-xs uppercase tracking-wide text-zinc-500">
        <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" /> or <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
      </div>
      {providers.map((provider) => (
        <button
          key={provider.id}
          type="button"
          onClick={() => signIn(provider.id, { callbackUrl })}
          className="h-10 rounded-md border border-zinc-300 font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          Continue with {provider.name}
        </button>
      ))}
    </div>
  );
}
