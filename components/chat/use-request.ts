"use client";

import { useState } from "react";

/**
 * One button's request: pending while it runs, the API's own error message when it fails.
 * On success it stays pending, since the caller navigates away or refreshes.
 */
export function useRequest() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run<T = unknown>(request: () => Promise<Response>, fallback: string): Promise<T | null> {
    setPending(true);
    setError(null);
    const response = await request().catch(() => null);
    const body = (await response?.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
    if (response?.ok) return (body ?? {}) as T;
    setError(body?.error?.message ?? fallback);
    setPending(false);
    return null;
  }

  return { pending, error, run };
}
