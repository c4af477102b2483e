// Message text: plain text only. URLs become links and the mentions the server resolved are
// highlighted; nothing else is interpreted, and React escapes every character, so no message can
// inject HTML.
const urlSource = String.raw`\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export interface MessageTextProps {
  text: string;
  /** The people the server stored as mentioned: only their `@Name` is highlighted. */
  mentions?: { id: string; name: string }[];
  mentionsRoom?: boolean;
  meId?: string;
}

export function MessageText({ text, mentions = [], mentionsRoom = false, meId }: MessageTextProps) {
  const names = [...mentions].sort((a, b) => b.name.length - a.name.length);
  const sources = [urlSource, ...names.map((m) => `@${escape(m.name)}`), ...(mentionsRoom ? ["@room\\b"] : [])];
  const pattern = new RegExp(sources.map((s) => `(${s})`).join("|"), "gi");
  const parts: React.ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index;
    if (start > last) parts.push(text.slice(last, start));
    if (match[1]) {
      parts.push(
        <a key={start} href={match[0]} target="_blank" rel="noopener noreferrer nofollow" className="text-brand-600 underline break-all dark:text-brand-100">
          {match[0]}
        </a>,
      );
    } else {
      const person = names.find((m) => `@${m.name}`.toLowerCase() === match[0].toLowerCase());
      const isMe = person ? person.id === meId : true;
      parts.push(
        <span
          key={start}
          data-testid="mention"
          data-mention-self={isMe ? "true" : undefined}
          className={`rounded px-0.5 font-medium ${isMe ? "bg-amber-200 text-amber-950 dark:bg-amber-500/40 dark:text-amber-50" : "bg-brand-50 text-brand-700 dark:bg-zinc-800 dark:text-brand-100"}`}
        >
          {match[0]}
        </span>,
      );
    }
    last = start + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <p className="whitespace-pre-wrap break-words">{parts}</p>;
}
