import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MessageText } from "@/components/chat/message-text";

const mentions = [
  { id: "me", name: "Ada Lovelace" },
  { id: "other", name: "Eve<b>x</b>" },
];
/** The rendered HTML without class attributes, which are styling and not what these cases check. */
const render = (text: string, preview = false) =>
  renderToStaticMarkup(createElement(MessageText, { text, mentions, mentionsRoom: true, meId: "me", preview })).replace(/ class="[^"]*"/g, "");
const rel = 'target="_blank" rel="noopener noreferrer nofollow"';
const me = '<span data-testid="mention" data-mention-self="true">@Ada Lovelace</span>';

describe("MessageText renders a safe Markdown subset", () => {
  it.each([
    ["bold", "a **b** c", "<p>a <strong>b</strong> c</p>"],
    ["italic with _ and *", "_a_ *b*", "<p><em>a</em> <em>b</em></p>"],
    ["strikethrough", "~~gone~~", "<p><del>gone</del></p>"],
    ["inline code keeps markup as text", "`<b>x</b>`", "<p><code>&lt;b&gt;x&lt;/b&gt;</code></p>"],
    ["a fence with its language and a Copy button", "```ts\nconst a = 1;\n```", '<pre><code data-language="ts">const a = 1;</code></pre><button type="button"><span aria-live="polite">Copy code</span></button>'],
    ["a script inside a fence is code text", "```\n<script>alert(1)</script>\n```", "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>"],
    ["a bare https URL", "see https://example.com/a?b=1.", `<p>see <a href="https://example.com/a?b=1" ${rel}>https://example.com/a?b=1</a>.</p>`],
    ["a [text](url) link", "[docs](https://example.com/docs)", `<a href="https://example.com/docs" ${rel}>docs</a>`],
    ["a mailto link", "[mail](mailto:a@example.com)", `<a href="mailto:a@example.com" ${rel}>mail</a>`],
    ["javascript: links are text", "[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"],
    ["mixed-case javascript: links are text", "[x](JaVaScRiPt:alert(1))", "<p>[x](JaVaScRiPt:alert(1))</p>"],
    ["data: links are text", "[x](data:text/html,<script>alert(1)</script>)", "<p>[x](data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;)</p>"],
    ["a javascript: autolink is text", "<javascript:alert(1)>", "<p>&lt;javascript:alert(1)&gt;</p>"],
    ["a relative link is text", "[x](/admin)", "<p>[x](/admin)</p>"],
    ["an unordered list", "- one\n- two", "<ul><li>one</li><li>two</li></ul>"],
    ["an ordered list keeps its start", "3. three\n4. four", '<ol start="3"><li>three</li><li>four</li></ol>'],
    ["a block quote", "> quoted\n> more", "<blockquote><p>quoted<br/>more</p></blockquote>"],
    ["a single newline is a line break", "one\ntwo", "<p>one<br/>two</p>"],
    ["a heading is a bold paragraph", "# Big", "<p><strong>Big</strong></p>"],
    ["raw HTML is shown as text", '<img src=x onerror="alert(1)"> <b>b</b>', "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &lt;b&gt;b&lt;/b&gt;"],
    ["character references are shown as typed, numeric and named alike", "&#60;b&#62; &#x3C;i&#x3E; &lt;u&gt; &amp;", "<p>&amp;#60;b&amp;#62; &amp;#x3C;i&amp;#x3E; &amp;lt;u&amp;gt; &amp;amp;</p>"],
    ["an HTML comment is shown as text", "a <!-- hidden --> b", "<p>a &lt;!-- hidden --&gt; b</p>"],
    ["an image is its source text", "![x](https://example.com/x.png)", "<p>![x](https://example.com/x.png)</p>"],
    ["a mention inside bold", "**hi @Ada Lovelace**", `<p><strong>hi ${me}</strong></p>`],
    ["a mention inside a list item", "- ask @Ada Lovelace", `<ul><li>ask ${me}</li></ul>`],
    ["a mention whose name has HTML stays one mention", "@Eve<b>x</b> hi", '<p><span data-testid="mention">@Eve&lt;b&gt;x&lt;/b&gt;</span> hi</p>'],
    ["@room", "@room look", '<p><span data-testid="mention" data-mention-self="true">@room</span> look</p>'],
    ["a link whose text is a mention", "[@Ada Lovelace](https://example.com)", `<a href="https://example.com/" ${rel}>${me}</a>`],
  ])("%s", (_, text, fragment) => {
    expect(render(text)).toContain(fragment);
  });

  it.each([
    ["inline code", "`@Ada Lovelace`", "<code>@Ada Lovelace</code>"],
    ["a fence", "```\n@Ada Lovelace\n```", "<code>@Ada Lovelace</code>"],
  ])("no mention highlight inside %s", (_, text, fragment) => {
    const html = render(text);
    expect(html).toContain(fragment);
    expect(html).not.toContain('data-testid="mention"');
  });

  it.each([
    ["a tab inside javascript:", "[x](java\tscript:alert(1))"],
    ["an entity for the j", "[x](&#106;avascript:alert(1))"],
    ["a leading space", "[x]( javascript:alert(1))"],
    ["a vbscript: URL", "[x](vbscript:msgbox(1))"],
    ["an angle-bracket destination", "[x](<javascript:alert(1)>)"],
  ])("no link for %s", (_, text) => {
    expect(render(text)).not.toContain("<a ");
  });

  it("pathological input renders as text without throwing", () => {
    // A line of backticks opens a fence that never closes: an empty code block, as CommonMark says.
    expect(render("`".repeat(10_000))).toContain("<pre><code></code></pre>");
    expect(render("x " + "`".repeat(10_000))).toContain("`".repeat(100));
    expect(render("*".repeat(5_000))).not.toContain("<script");
    expect(render("_".repeat(2_000) + "a" + "_".repeat(2_000))).toContain("a");
  });

  it("on the Mentions page (inside a link) it renders no links and no buttons", () => {
    const html = render("[docs](https://example.com) https://example.com\n```\ncode\n```", true);
    expect(html).not.toContain("<a ");
    expect(html).not.toContain("<button");
    expect(html).toContain("<code>code</code>");
  });
});

describe("MessageText depth", () => {
  // Each of these overflowed marked's recursive lexer (a RangeError: the room page failed to
  // render for everyone) or took it tens of milliseconds, within the 4,000-character limit.
  it.each([
    ["quotes", "> ".repeat(1_999) + "a", "<blockquote>"],
    ["list items", "- ".repeat(1_999) + "a", "<ul>"],
    ["numbered items", "1. ".repeat(1_300), "<ol>"],
    ["quoted lists", "> - ".repeat(1_000), "<blockquote>"],
  ])("%s nested 1,000+ deep stop nesting after 8 levels and show the rest as typed", (_, text, tag) => {
    const html = render(text);
    const open = tag.slice(1, -1);
    expect(html.split(tag).length - 1).toBeGreaterThan(1);
    expect(html.split(tag).length - 1).toBeLessThanOrEqual(8);
    expect(html).not.toContain(`<${open}></${open}>`.repeat(9));
  });

  it("quotes and lists nested a few levels still format", () => {
    expect(render("> a\n> > b\n> > > c")).toContain("<blockquote><p>a</p><blockquote><p>b</p><blockquote><p>c</p></blockquote></blockquote></blockquote>");
    expect(render("- a\n  - b\n    - c")).toContain("<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li></ul>");
  });

  it.each([
    ["_", "_".repeat(2_000) + "a" + "_".repeat(2_000)],
    ["*", "*".repeat(2_000) + "a" + "*".repeat(2_000)],
  ])("a run of four or more %s is text, taken whole", (mark, text) => {
    expect(render(text)).toBe(`<div data-testid="message-text"><p>${text}</p></div>`);
    expect(render(`${mark.repeat(4)}not bold${mark.repeat(4)} and ${mark.repeat(2)}bold${mark.repeat(2)}`)).toContain(`${mark.repeat(4)}not bold${mark.repeat(4)} and <strong>bold</strong>`);
  });

  it("formatting nested deeper than 16 levels is shown as typed, so the element tree stays shallow", () => {
    const html = renderToStaticMarkup(createElement(MessageText, { text: "_".repeat(1_900) + "a" + "_".repeat(1_900) }));
    expect(html.split("<em>").length - 1).toBeLessThanOrEqual(17);
    expect(html).toContain("a");
  });
});
