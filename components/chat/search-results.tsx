"use client";

import Link from "next/link";
import { useState } from "react";
import { snippetParts } from "@/lib/search-marks";
import type { SearchResult } from "@/lib/search";

export interface SearchResultsProps {
  query: string;
  initial: SearchResult[];
  initialCursor: string | null;
}

export function SearchResults({ query, initial, initialCursor }: SearchResultsProps) {
  const [results, setResults] = useState(initial);
  const [cursor, setCursor] = useState(initialCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function more() {
    if (!cursor) return;
    setLoading(true);
    setError(null);
    try {
      const response = await fetch(`/api/search?q=${encodeURIComponent(query)}&before=${encodeURIComponent(cursor)}`);
      if (!response.ok) throw new Error(((await response.json()) as { error?: { message?: string } }).error?.message ?? "Search failed.");
      const page = (await response.json()) as { results: SearchResult[]; nextCursor: string | null };
      setResults((r) => [...r, ...page.results]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(e instanceof Error ? e.message : "Search failed.");
    } finally {
      setLoading(false);
    }
  }

  if (results.length === 0) return <p className="text-sm text-zinc-500" data-testid="search-empty">No messages match.</p>;
  return (
    <div className="flex flex-col gap-3">
      <ul className="flex flex-col gap-2" data-testid="search-results">
        {results.map((r) => (
          <li key={r.message.id}>
            <Link href={`/rooms/${r.room.slug}?message=${r.message.id}`} className="block rounded-lg border border-zinc-200 p-3 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-900" data-testid="search-result">
              <div className="flex items-baseline gap-2 text-xs text-zinc-500">
                <span className="font-medium text-zinc-800 dark:text-zinc-200">{r.message.author.name}</span>
                <span>in {r.room.kind === "ROOM" ? `#${r.room.name}` : r.room.name}</span>
                <time dateTime={r.message.createdAt}>{new Date(r.message.createdAt).toLocaleString()}</time>
              </div>
              <p className="mt-1 text-sm whitespace-pre-wrap">
                {snippetParts(r.snippet).map((p, i) => (p.marked ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
              </p>
            </Link>
          </li>
        ))}
      </ul>
      {error && <p role="alert" className="text-sm text-red-600">{error}</p>}
      {cursor && (
        <button type="button" onClick={more} disabled={loading} className="self-center rounded-md border px-3 py-1.5 text-sm">
          {loading ? "Loading…" : "More results"}
        </button>
      )}
    </div>
  );
}
