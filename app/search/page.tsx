import type { Metadata } from "next";
import { ChatLayout } from "@/components/chat/chat-layout";
import { SearchResults } from "@/components/chat/search-results";
import { isAppError } from "@/lib/errors";
import { searchQuerySchema } from "@/lib/schemas/search";
import { searchMessages } from "@/lib/search";
import { requirePageUser } from "@/lib/session";

export const metadata: Metadata = { title: "Search" };

export default async function SearchPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const raw = (await searchParams).q;
  const q = typeof raw === "string" ? raw : "";
  const user = await requirePageUser({ returnTo: `/search?q=${encodeURIComponent(q)}` });
  const parsed = searchQuerySchema.safeParse({ q });
  let page: Awaited<ReturnType<typeof searchMessages>> | null = null;
  let problem: string | null = parsed.success || !q.trim() ? null : (parsed.error.issues[0]?.message ?? "That search is not valid.");
  if (parsed.success) {
    try {
      page = await searchMessages({ userId: user.id, query: parsed.data.q, limit: 20 });
    } catch (error) {
      if (!isAppError(error) || error.status !== 422) throw error;
      problem = error.message;
    }
  }
  return (
    <ChatLayout currentRoomId={null} me={{ id: user.id, name: user.name }}>
      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto flex max-w-2xl flex-col gap-4 px-4 py-6">
          <h1 className="text-xl font-semibold">Search</h1>
          <form action="/search" role="search" className="flex gap-2">
            <input name="q" defaultValue={q} aria-label="Search messages" placeholder='word from:"Ada Lovelace" in:general after:2026-01-01' className="flex-1 rounded-md border px-3 py-1.5 text-sm" data-testid="search-page-input" />
            <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white">Search</button>
          </form>
          {problem && <p role="alert" className="text-sm text-red-600">{problem}</p>}
          {page ? <SearchResults key={q} query={parsed.data?.q ?? q} initial={page.results} initialCursor={page.nextCursor} /> : !problem && <p className="text-sm text-zinc-500">Search the rooms and conversations you are in.</p>}
        </div>
      </div>
    </ChatLayout>
  );
}
