// The snippet's match markers: control characters stripped from bodies before highlighting, so the
// client splits on them and renders <mark> itself (no HTML from the database reaches the page).
export const markStart = "\u0002";
export const markStop = "\u0003";

/** A snippet as parts, `marked` where the search matched. */
export function snippetParts(snippet: string): { text: string; marked: boolean }[] {
  const parts: { text: string; marked: boolean }[] = [];
  for (const [i, chunk] of snippet.split(markStart).entries()) {
    const [inside = "", ...after] = chunk.split(markStop);
    if (i === 0) parts.push({ text: chunk.replaceAll(markStop, ""), marked: false });
    else {
      parts.push({ text: inside, marked: true });
      parts.push({ text: after.join(""), marked: false });
    }
  }
  return parts.filter((p) => p.text !== "");
}
