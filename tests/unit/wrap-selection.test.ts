import { describe, expect, it } from "vitest";
import { wrapSelection } from "@/lib/client/wrap-selection";

/** Renders the result with [ and ] around the selection (| for a caret), to read the cases at a glance. */
function show(value: string, start: number, end: number): string {
  return start === end ? `${value.slice(0, start)}|${value.slice(start)}` : `${value.slice(0, start)}[${value.slice(start, end)}]${value.slice(end)}`;
}

/** Takes "ab[cd]ef" or "ab|cd" and returns the value with its selection. */
function parse(marked: string): [string, number, number] {
  const caret = marked.indexOf("|");
  if (caret >= 0) return [marked.replace("|", ""), caret, caret];
  const start = marked.indexOf("[");
  const end = marked.indexOf("]") - 1;
  return [marked.replace("[", "").replace("]", ""), start, end];
}

describe("wrapSelection", () => {
  it.each([
    ["bold around a selected word, which stays selected", "say [hello] now", "**", "say **[hello]** now"],
    ["italic around a selected word", "say [hello] now", "_", "say _[hello]_ now"],
    ["no selection inserts the pair with the caret between", "say | now", "**", "say **|** now"],
    ["no selection in an empty box", "|", "_", "_|_"],
    ["the whole text", "[all of it]", "**", "**[all of it]**"],
    ["a selection including its markers is unwrapped", "say [**hello**] now", "**", "say [hello] now"],
    ["a selection just inside its markers is unwrapped", "say **[hello]** now", "**", "say [hello] now"],
    ["italic markers are not taken for a bold pair", "say _[hello]_ now", "**", "say _**[hello]**_ now"],
    ["a multi-line selection", "[one\ntwo]", "_", "_[one\ntwo]_"],
  ])("%s", (_, before, marker, after) => {
    const [value, start, end] = parse(before);
    const result = wrapSelection(value, start, end, marker);
    expect(show(result.value, result.start, result.end)).toBe(after);
  });

  it("a backwards or out-of-range selection is clamped to the text", () => {
    expect(wrapSelection("abc", 3, 1, "_")).toEqual({ value: "a_bc_", start: 2, end: 4 });
    expect(wrapSelection("abc", 10, 10, "_")).toEqual({ value: "abc__", start: 4, end: 4 });
  });
});
