import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findSecrets } from "../../scripts/lib/build";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scan-"));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe("findSecrets (the build's check that nothing secret reaches .next/static)", () => {
  it("names the file and the variable for every leaked value, in nested folders", () => {
    const dir = tree({ "chunks/app.js": 'const k="s3cr3t-value";', "css/site.css": "body{}", "media/deep/x.js": "x=1;dbpw123" });
    expect(findSecrets(dir, { PUSHER_SECRET: "s3cr3t-value", "DATABASE_URL password": "dbpw123", NEXTAUTH_SECRET: "absent" })).toEqual([
      { file: "chunks/app.js", name: "PUSHER_SECRET" },
      { file: path.join("media", "deep", "x.js"), name: "DATABASE_URL password" },
    ]);
  });

  it("finds nothing in clean bundles, and tolerates a missing folder", () => {
    expect(findSecrets(tree({ "a.js": "console.log(1)" }), { NEXTAUTH_SECRET: "nope" })).toEqual([]);
    expect(findSecrets("/nonexistent/parley", { NEXTAUTH_SECRET: "nope" })).toEqual([]);
  });
});
