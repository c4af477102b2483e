import "server-only";
import { conversationName } from "@/lib/conversations";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { decodeCursor, encodeCursor, previewMessage } from "@/lib/messages";
import type { MessageDto } from "@/lib/messages-types";
import { estimateOf, matchEstimateSql, searchSql, textPlan, type SearchFilters, type SearchRow } from "@/lib/sql/search";

export { markStart, markStop } from "@/lib/search-marks";

export interface SearchResult {
  message: MessageDto;
  room: { id: string; slug: string; name: string; kind: "ROOM" | "DIRECT" | "GROUP" };
  /** The body with matches between markStart and markStop (control characters, never HTML). */
  snippet: string;
}

type ParsedQuery = Omit<SearchFilters, "userId" | "cursor" | "limit">;

const token = /(\w+):"([^"]*)"|(\w+):(\S+)|("[^"]*")|(\S+)/g;
const filterKeys = new Set(["in", "from", "before", "after"]);

function day(value: string, key: string): Date {
  const date = new Date(`${value}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new AppError("unprocessable", `${key}: takes a date as YYYY-MM-DD.`, { fields: { q: `${key}:${value} is not a date.` } });
  }
  return date;
}

/** Free text plus in:/from:/before:/after: (quoted values for spaces); dates are UTC days. */
export function parseSearchQuery(query: string): ParsedQuery {
  const parsed: ParsedQuery = { text: "" };
  const words: string[] = [];
  for (const match of query.matchAll(token)) {
    const key = (match[1] ?? match[3])?.toLowerCase();
    const value = match[2] ?? match[4] ?? "";
    if (key && filterKeys.has(key)) {
      if (key === "in") parsed.inRoom = value;
      else if (key === "from") parsed.from = value.toLowerCase() === "me" ? "me" : value;
      else if (key === "before") parsed.before = day(value, key);
      // after:D means from the end of day D.
      else parsed.after = new Date(day(value, key).getTime() + 86_400_000);
    } else {
      words.push(match[0]);
    }
  }
  parsed.text = words.join(" ");
  if (!parsed.text && !parsed.inRoom && !parsed.from && !parsed.before && !parsed.after) {
    throw new AppError("unprocessable", "Type something to search for.", { fields: { q: "The search is empty." } });
  }
  return parsed;
}

function toResult(row: SearchRow, userId: string): SearchResult {
  return {
    message: previewMessage({ ...row, author: { id: row.authorId, name: row.authorName } }),
    room: { id: row.roomId, slug: row.roomSlug, kind: row.roomKind, name: row.members ? conversationName(row.members, userId) : row.roomName },
    snippet: row.snippet,
  };
}

/** "index" when the words match few messages in all rooms (PostgreSQL's estimate), else "recent". */
export async function planFor(text: string): Promise<"index" | "recent"> {
  const [row] = await prisma.$queryRaw<Parameters<typeof estimateOf>[0][]>(matchEstimateSql(text));
  return textPlan(estimateOf(row));
}

/**
 * Messages in rooms and conversations the caller is in that match `query`, newest first. A
 * `from:` or `in:` that matches nobody gives an empty result; a bad date is a 422.
 */
export async function searchMessages({
  userId,
  query,
  limit,
  before,
  plan,
}: {
  userId: string;
  query: string;
  limit: number;
  before?: string;
  /** Tests only: force a path (both must give the same rows). */
  plan?: "index" | "recent";
}): Promise<{ results: SearchResult[]; nextCursor: string | null }> {
  const parsed = parseSearchQuery(query);
  const cursor = before ? decodeCursor(before) : null;
  const rows = await prisma.$queryRaw<SearchRow[]>(searchSql({ ...parsed, userId, cursor, limit, plan: plan ?? (parsed.text ? await planFor(parsed.text) : "recent") }));
  const page = rows.slice(0, limit);
  return { results: page.map((row) => toResult(row, userId)), nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!) : null };
}
