import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3Storage, type Storage } from "@/lib/storage";

// The S3 driver against s3rver, an S3 implementation in Node: the calls production makes to AWS S3,
// R2 or MinIO (presigned PUT, GET, batch delete, a presigned GET with response overrides). s3rver
// does not verify Signature V4, so what signatures enforce (the signed length, expiry) is the
// store's part and is not tested here.
let server: S3rver;
let dir: string;
let store: Storage;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "parley-s3-"));
  server = new S3rver({ port: 0, address: "127.0.0.1", directory: dir, silent: true, configureBuckets: [{ name: "parley-files", configs: [] }] });
  const { port } = (await server.run()) as { port: number };
  store = new S3Storage({
    bucket: "parley-files",
    region: "us-east-1",
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("S3Storage", () => {
  it("the browser's presigned PUT stores the bytes; the app reads, writes and deletes them", async () => {
    const target = await store.uploadTarget("abc123/original", { size: 5, contentType: "application/octet-stream", localUrl: "/unused" });
    expect(target.url).toMatch(/X-Amz-Signature=/);
    const put = await fetch(target.url, { method: "PUT", headers: target.headers, body: "hello" });
    expect(put.status).toBe(200);
    expect((await store.read("abc123/original"))?.toString()).toBe("hello");

    await store.write("abc123/thumbnail", Buffer.from("thumb"), "image/webp");
    expect((await store.read("abc123/thumbnail"))?.toString()).toBe("thumb");
    await store.delete(["abc123/original", "abc123/thumbnail"]);
    expect(await store.read("abc123/original")).toBeNull();
    expect(await store.read("abc123/thumbnail")).toBeNull();
  });

  it("a download is a short-lived redirect that serves the bytes with the type and disposition the app chose", async () => {
    await store.write("dl1/original", Buffer.from("%PDF-1.4 …"), "application/octet-stream");
    const response = await store.download("dl1/original", { contentType: "application/pdf", disposition: 'attachment; filename="a.pdf"' });
    expect(response.status).toBe(302);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const location = response.headers.get("location")!;
    expect(location).toMatch(/X-Amz-Expires=60/);
    const file = await fetch(location);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(file.headers.get("content-disposition")).toBe('attachment; filename="a.pdf"');
    expect(await file.text()).toBe("%PDF-1.4 …");
  });

  it("keys are generated, never taken from a request: anything else is refused before the store is asked", async () => {
    await expect(store.read("../etc/passwd")).rejects.toThrow("invalid storage key");
  });
});
