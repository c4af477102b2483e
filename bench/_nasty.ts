import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { MessageText } from "../components/chat/message-text";
const cases: Record<string, string> = { quotes: "> ".repeat(1999) + "a", listDash: "- ".repeat(1999) + "a", list: Array.from({ length: 60 }, (_, i) => " ".repeat(i * 2) + "- a").join("\n"), under: "_".repeat(2000) + "a" + "_".repeat(2000), star: "*".repeat(2000) + "a" + "*".repeat(2000), alt: "*_".repeat(1000) + "a" + "_*".repeat(1000), del: "~~".repeat(1000) + "a" + "~~".repeat(1000), lt: "<".repeat(4000), brackets: "[".repeat(4000) + "x", num: "1. ".repeat(1300), mixed: "> - ".repeat(1000), normal: "> quote\n> - item **bold _it_**\n>   - nested ~~del~~" };
for (const [n, b] of Object.entries(cases)) {
  try { for (let i = 0; i < 3; i++) renderToStaticMarkup(createElement(MessageText, { text: b })); const s = performance.now(); let html = ""; for (let i = 0; i < 10; i++) html = renderToStaticMarkup(createElement(MessageText, { text: b })); console.log(n.padEnd(10), b.length, ((performance.now() - s) / 10).toFixed(2), "ms", html.slice(0, 140)); } catch (e) { console.log(n, (e as Error).message); }
}
