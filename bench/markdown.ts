// npm run bench:markdown — server-renders <MessageText> (renderToStaticMarkup) for a realistic
// 10 KB message and for pathological ones, 1,000 runs each after 200 warm-up runs, and prints
// p50/p99/max in ms. The same inputs go through react-markdown + remark-gfm (skipHtml, http(s)/
// mailto only) for comparison on the realistic ones, the alternative that was weighed against
// marked's lexer. Runs with NODE_ENV=production (the npm script sets it): React's development build
// is 2-3x slower and is not what serves pages. BENCH_RUNS overrides the run count.
import os from "node:os";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";
import { MessageText, safeHref } from "../components/chat/message-text";

const runs = Number(process.env.BENCH_RUNS ?? 1_000);
const warmup = 200;
const mentions = [
  { id: "u1", name: "Ada Lovelace" },
  { id: "u2", name: "Grace Hopper" },
  { id: "u3", name: "Linus" },
];

function realistic(size: number): string {
  const parts = [
    "Morning @Ada Lovelace, **the deploy is done** and _mostly_ fine: see https://example.com/deploys/1234?tab=logs and [the runbook](https://docs.example.com/runbook#rollback).\n",
    "Things still open:\n- ~~flaky test~~ fixed by @Grace Hopper\n- the `retry` budget is **too _small_** for `POST /api/rooms`\n- ask @Linus about <b>caching</b>\n\n",
    "> quoted from the incident channel:\n> the queue backed up at 09:12\n\n",
    "```ts\nexport async function retry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {\n  for (let i = 0; ; i++) {\n    try { return await fn(); } catch (error) { if (i >= attempts) throw error; }\n  }\n}\n```\n",
    "1. roll out to 10%\n2. watch https://grafana.example.com/d/abc for **ten minutes**\n3. @room go/no-go\n\n",
  ];
  let text = "";
  for (let i = 0; text.length < size; i++) text += parts[i % parts.length];
  return text.slice(0, size);
}

if (process.env.NODE_ENV !== "production") console.warn("NODE_ENV is not production: React's development build is measured (run it as npm run bench:markdown)");

// [name, text, compare with react-markdown]
const inputs: [string, string, boolean][] = [
  ["realistic 10 KB (formatting, code, links, mentions)", realistic(10_240), true],
  ["realistic 4,000 chars (the message limit)", realistic(4_000), true],
  ["10,000 backticks", "`".repeat(10_000), false],
  ["emphasis bomb: * x 5,000", "*".repeat(5_000), false],
  ["nested emphasis: _ x 2,000, a, _ x 2,000", "_".repeat(2_000) + "a" + "_".repeat(2_000), false],
  ["alternating emphasis: *_ x 1,000, a, _* x 1,000", "*_".repeat(1_000) + "a" + "_*".repeat(1_000), false],
  ["nested quotes: > x 1,999", "> ".repeat(1_999) + "a", false],
  ["nested lists: - x 1,999", "- ".repeat(1_999) + "a", false],
  ["unclosed links: [ x 5,000", "[".repeat(5_000) + "x", false],
  ["4,000-char single word", "a".repeat(4_000), false],
];

const parley = (text: string) => renderToStaticMarkup(createElement(MessageText, { text, mentions, mentionsRoom: true, meId: "u1" }));
const reactMarkdown = (text: string) =>
  renderToStaticMarkup(createElement(ReactMarkdown, { remarkPlugins: [remarkGfm], skipHtml: true, disallowedElements: ["img", "h1", "h2", "h3", "h4", "h5", "h6", "table"], unwrapDisallowed: true, urlTransform: (url: string) => safeHref(url) ?? "" }, text));

function measure(render: (text: string) => string, text: string) {
  for (let i = 0; i < warmup; i++) render(text);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    render(text);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!;
  return { p50: at(50), p99: at(99), max: times.at(-1)! };
}

const ms = (n: number) => n.toFixed(3);
console.log(`${os.cpus()[0]?.model ?? "unknown CPU"} (${os.cpus().length} CPUs), ${process.arch}, Node ${process.version}; ${runs} runs after ${warmup} warm-up\n`);
console.log("| input | renderer | p50 ms | p99 ms | max ms |");
console.log("|---|---|---:|---:|---:|");
for (const [name, text, compare] of inputs) {
  const renderers = [["MessageText (marked lexer)", parley], ...(compare ? [["react-markdown + remark-gfm", reactMarkdown] as const] : [])] as const;
  for (const [renderer, render] of renderers) {
    const r = measure(render, text);
    console.log(`| ${name} | ${renderer} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} |`);
  }
}
