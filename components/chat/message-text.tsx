import { getDefaults, Lexer, Tokenizer, type MarkedToken, type Token, type Tokens } from "marked";
import type { ReactNode } from "react";
import { CopyCodeButton } from "@/components/chat/copy-code-button";

// Message text: a Markdown subset. marked only tokenizes; the tokens become React elements here,
// from a fixed list of tags, so no message can produce markup we did not write (no
// dangerouslySetInnerHTML). Raw HTML, images, tables and rules are shown as the text typed; `#`
// headings are bold paragraphs; a link is a link only for http, https and mailto.
const maxInlineDepth = 16;
const maxBlockDepth = 8;

/**
 * marked's tokenizer with a cap on nesting. marked lexes nested quotes, lists and emphasis by
 * recursion, so a 4,000-character `> > > …` or `- - - …` overflowed the stack (the room page failed
 * to render for everyone) and `_` x 2,000 around a word took 40 ms. Past the cap a quote or list
 * marker is not one (the line stays as typed) and a delimiter is plain text.
 */
class BoundedTokenizer extends Tokenizer {
  private blockDepth = 0;
  private inlineDepth = 0;

  private nested<T>(kind: "blockDepth" | "inlineDepth", max: number, lex: () => T): T | undefined {
    if (this[kind] >= max) return undefined;
    this[kind]++;
    try {
      return lex();
    } finally {
      this[kind]--;
    }
  }

  override blockquote(src: string) {
    return this.nested("blockDepth", maxBlockDepth, () => super.blockquote(src));
  }
  override list(src: string) {
    return this.nested("blockDepth", maxBlockDepth, () => super.list(src));
  }
  override emStrong(src: string, maskedSrc: string, prevChar?: string) {
    return delimiterRun(src) ?? this.nested("inlineDepth", maxInlineDepth, () => super.emStrong(src, maskedSrc, prevChar));
  }
  override del(src: string, maskedSrc: string, prevChar?: string) {
    return delimiterRun(src) ?? this.nested("inlineDepth", maxInlineDepth, () => super.del(src, maskedSrc, prevChar));
  }
}

/**
 * Four or more of one delimiter (`****`, `____`, `~~~~`) is text, taken as one token: nobody formats
 * that way, and marked otherwise walks such a run one character at a time, re-running its
 * URL and text patterns over the rest of the run at each (quadratic: 15 ms for `_` x 4,000).
 * Typed as the token the caller expects; the lexer only reads `raw` to advance.
 */
function delimiterRun(src: string): (Tokens.Em & Tokens.Del) | undefined {
  const run = /^(?:\*{4,}|_{4,}|~{4,})/.exec(src);
  return run ? ({ type: "text", raw: run[0], text: run[0], escaped: false } as unknown as Tokens.Em & Tokens.Del) : undefined;
}

// Handed to the Lexer directly: Marked#use copies only a tokenizer's own enumerable methods.
const lexerOptions = { ...getDefaults(), gfm: true, breaks: true, tokenizer: new BoundedTokenizer() };
const urlSource = String.raw`\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]`;
const leadingUrl = new RegExp(`^${urlSource}`);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const allowedProtocols = new Set(["http:", "https:", "mailto:"]);
const linkClass = "text-brand-600 underline break-all dark:text-brand-100";

export interface MessageTextProps {
  text: string;
  /** The people the server stored as mentioned: only their `@Name` is highlighted. */
  mentions?: { id: string; name: string }[];
  mentionsRoom?: boolean;
  meId?: string;
  /** Shown inside a link (the Mentions page): no nested links or buttons. */
  preview?: boolean;
}

/** The href to use, or null when the destination is not an absolute http(s)/mailto URL. */
export function safeHref(href: string): string | null {
  // Control characters and spaces are dropped by URL parsers ("java\tscript:"): refuse them outright.
  if (/[\u0000-\u0020\u007f-\u009f]/.test(href)) return null;
  try {
    const url = new URL(href);
    return allowedProtocols.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

interface Mention {
  text: string;
  self: boolean;
}

/** Two private-use characters the text does not contain, to stand in for mentions while marked parses. */
function placeholderMarks(text: string): [string, string] {
  const free: string[] = [];
  for (let code = 0xe000; free.length < 2; code++) {
    const mark = String.fromCharCode(code);
    if (!text.includes(mark)) free.push(mark);
  }
  return [free[0]!, free[1]!];
}

export function MessageText({ text, mentions = [], mentionsRoom = false, meId, preview = false }: MessageTextProps) {
  const names = [...mentions].sort((a, b) => b.name.length - a.name.length);
  const sources = [urlSource, ...names.map((m) => `@${escape(m.name)}`), ...(mentionsRoom ? ["@room\\b"] : [])];
  const pattern = new RegExp(sources.map((s) => `(${s})`).join("|"), "gi");
  const [open, close] = placeholderMarks(text);
  const found: Mention[] = [];
  // Mentions are swapped out before parsing, so a name with Markdown or HTML in it stays one
  // mention, and formatting around a mention still applies; URLs are matched first and kept whole.
  const source = text.replace(pattern, (match, url: string | undefined) => {
    if (url) return match;
    const person = names.find((m) => `@${m.name}`.toLowerCase() === match.toLowerCase());
    found.push({ text: match, self: person ? person.id === meId : true });
    return `${open}${found.length - 1}${close}`;
  });
  const marker = new RegExp(`${open}(\\d+)${close}`, "g");
  let key = 0;

  /** The text as typed (code, URLs): placeholders back to the names, not highlighted. */
  const plain = (value: string) => value.replace(marker, (_, i: string) => found[Number(i)]?.text ?? "");

  /** Text with each mention highlighted. */
  function withMentions(value: string): ReactNode[] {
    const parts: ReactNode[] = [];
    let last = 0;
    for (const match of value.matchAll(marker)) {
      if (match.index > last) parts.push(value.slice(last, match.index));
      const mention = found[Number(match[1])];
      if (mention)
        parts.push(
          <span
            key={key++}
            data-testid="mention"
            data-mention-self={mention.self ? "true" : undefined}
            className={`rounded px-0.5 font-medium ${mention.self ? "bg-amber-200 text-amber-950 dark:bg-amber-500/40 dark:text-amber-50" : "bg-brand-50 text-brand-700 dark:bg-zinc-800 dark:text-brand-100"}`}
          >
            {mention.text}
          </span>,
        );
      last = match.index + match[0].length;
    }
    if (last < value.length) parts.push(value.slice(last));
    return parts;
  }

  /** Source shown as typed, line breaks included. */
  function literal(value: string): ReactNode[] {
    return value.split("\n").flatMap((line, i) => (i === 0 ? withMentions(line) : [<br key={key++} />, ...withMentions(line)]));
  }

  function link(href: string | null, children: ReactNode[]): ReactNode {
    if (!href) return children;
    if (preview)
      return (
        <span key={key++} className={linkClass}>
          {children}
        </span>
      );
    return (
      <a key={key++} href={href} target="_blank" rel="noopener noreferrer nofollow" className={linkClass}>
        {children}
      </a>
    );
  }

  function autolink(token: Tokens.Link): ReactNode[] {
    const shown = plain(token.text);
    // Bare URLs end where they always did here (before quotes and trailing punctuation).
    const bare = token.raw.startsWith("<") ? null : leadingUrl.exec(shown);
    if (bare) return [link(safeHref(bare[0]), [bare[0]]), ...withMentions(token.text.slice(bare[0].length))];
    const href = safeHref(plain(token.href));
    return href ? [link(href, [shown])] : literal(token.raw);
  }

  function inline(tokens: Token[] = [], depth = 0): ReactNode[] {
    // Deeper formatting than anyone types (an emphasis bomb) is shown as typed: the HTML parser
    // flattens very deep trees, which would not match what React rendered.
    if (depth > maxInlineDepth) return tokens.flatMap((token) => literal(token.raw));
    // Generic tokens (from extensions, which we do not use) fall to the default: their raw text.
    return (tokens as MarkedToken[]).flatMap((token): ReactNode | ReactNode[] => {
      const t = token as Tokens.Generic;
      switch (token.type) {
        case "text":
          // The characters as typed: marked decodes numeric references ("&#60;" to "<") but not
          // named ones, and a chat shows what was typed either way.
          return token.tokens ? inline(token.tokens, depth + 1) : literal(token.raw);
        case "escape":
          return token.text;
        case "strong":
          return <strong key={key++}>{inline(token.tokens, depth + 1)}</strong>;
        case "em":
          return <em key={key++}>{inline(token.tokens, depth + 1)}</em>;
        case "del":
          return <del key={key++}>{inline(token.tokens, depth + 1)}</del>;
        case "codespan":
          return (
            <code key={key++} className="rounded bg-zinc-100 px-1 font-mono text-[0.9em] dark:bg-zinc-800">
              {plain(token.text)}
            </code>
          );
        case "br":
          return <br key={key++} />;
        case "link": {
          if (token.autolink) return autolink(token);
          const href = safeHref(plain(token.href));
          return href ? link(href, inline(token.tokens, depth + 1)) : literal(token.raw);
        }
        default:
          // Raw HTML, images, checkboxes: the characters as typed.
          return literal(t.raw);
      }
    });
  }

  function blocks(tokens: Token[]): ReactNode[] {
    // Generic tokens (from extensions, which we do not use) fall to the default: their raw text.
    return (tokens as MarkedToken[]).flatMap((token): ReactNode | ReactNode[] => {
      const t = token as Tokens.Generic;
      switch (token.type) {
        case "space":
          return [];
        case "paragraph":
          return <p key={key++}>{inline(token.tokens)}</p>;
        case "text":
          return token.tokens ? inline(token.tokens) : literal(token.text);
        case "heading":
          // `# Title` is a bold line, never bigger than the text; "Title\n---" stays as typed.
          if (!/^ {0,3}#/.test(token.raw)) return <p key={key++}>{literal(token.raw.trimEnd())}</p>;
          return (
            <p key={key++}>
              <strong>{inline(token.tokens)}</strong>
            </p>
          );
        case "code":
          return <CodeBlock key={key++} code={plain(token.text)} lang={token.lang} preview={preview} />;
        case "blockquote":
          return (
            <blockquote key={key++} className="border-l-4 border-zinc-300 pl-3 text-zinc-600 dark:border-zinc-600 dark:text-zinc-300">
              {blocks(token.tokens)}
            </blockquote>
          );
        case "list": {
          const items = token.items.map((item) => <li key={key++}>{blocks(item.tokens)}</li>);
          return token.ordered ? (
            <ol key={key++} start={token.start === "" || token.start === 1 ? undefined : token.start} className="list-decimal pl-6">
              {items}
            </ol>
          ) : (
            <ul key={key++} className="list-disc pl-6">
              {items}
            </ul>
          );
        }
        case "checkbox":
          return token.raw;
        default:
          // Raw HTML blocks, tables, rules, link definitions: the characters as typed.
          return <p key={key++}>{literal(t.raw.replace(/\n+$/, ""))}</p>;
      }
    });
  }

  return (
    <div data-testid="message-text" className="space-y-1 break-words">
      {blocks(Lexer.lex(source, lexerOptions))}
    </div>
  );
}

interface CodeBlockProps {
  code: string;
  lang?: string;
  preview: boolean;
}

function CodeBlock({ code, lang, preview }: CodeBlockProps) {
  const language = lang && /^[\w+#.-]{1,32}$/.test(lang) ? lang : undefined;
  return (
    <div className="relative">
      <pre className="overflow-x-auto rounded-md bg-zinc-100 p-2 pr-16 font-mono text-sm dark:bg-zinc-900">
        <code data-language={language} className={language ? `language-${language}` : undefined}>
          {code}
        </code>
      </pre>
      {!preview && <CopyCodeButton code={code} />}
    </div>
  );
}
