import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";

// A folder of this run's own for the embedded store (before lib/env reads the environment).
vi.hoisted(() => {
  process.env.UPLOAD_DIR = `${process.env.TMPDIR ?? "/tmp"}/parley-uploads-${process.pid}`;
  process.env.UPLOAD_QUOTA_BYTES = String(300 * 1024);
  process.env.UPLOAD_MAX_BYTES = String(200 * 1024);
});

import sharp from "sharp";
import { completeUpload, downloadAttachment, receiveUpload, removeUpload, startUpload } from "@/lib/attachments";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createMessage, deleteMessage, listMessages } from "@/lib/messages";
import { storage } from "@/lib/storage";

const uniq = () => randomUUID().replace(/-/g, "").slice(0, 10);

async function setup() {
  const [ada, bob] = await Promise.all(
    ["Ada", "Bob"].map((name) => prisma.user.create({ data: { email: `${uniq()}@example.com`, name }, select: { id: true, name: true } })),
  );
  const room = await prisma.room.create({
    data: { slug: `r-${uniq()}`, name: "Files", visibility: "PRIVATE", memberships: { createMany: { data: [{ userId: ada!.id, role: "OWNER" }, { userId: bob!.id, role: "MEMBER" }] } } },
    select: { id: true },
  });
  return { ada: ada!, bob: bob!, roomId: room.id };
}

/** The whole upload as the composer does it: start, PUT the bytes, complete. */
async function upload(roomId: string, uploaderId: string, name: string, data: Buffer) {
  const { attachment } = await startUpload({ roomId, uploaderId, name, size: data.length });
  await receiveUpload({ roomId, attachmentId: attachment.id, uploaderId, read: async (max) => (data.length > max ? Promise.reject(new AppError("payload_too_large", "too large")) : data) });
  return completeUpload({ roomId, attachmentId: attachment.id, uploaderId });
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const png = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: "#3366ff" } }).png().toBuffer();

describe("attachments", () => {
  it("an image gets a thumbnail and its size; the type is sniffed from the bytes, not the name", async () => {
    const { ada, roomId } = await setup();
    const image = await upload(roomId, ada.id, "holiday.txt", await png(1200, 800));
    expect(image).toMatchObject({ name: "holiday.txt", contentType: "image/png", image: { width: 1200, height: 800 } });
    const thumbnail = await (await downloadAttachment({ roomId, attachmentId: image.id, userId: ada.id, thumbnail: true })).arrayBuffer();
    expect(await sharp(Buffer.from(thumbnail)).metadata()).toMatchObject({ format: "webp", width: 480, height: 320 });

    const text = await upload(roomId, ada.id, "notes.png", Buffer.from("not an image at all\n"));
    expect(text).toMatchObject({ contentType: "text/plain; charset=utf-8", image: null });
    const script = await upload(roomId, ada.id, "page.html", Buffer.from("\u0000\u0001<script>alert(1)</script>"));
    expect(script.contentType).toBe("application/octet-stream");
    // A download is always served with the sniffed type, nosniff and a sandbox.
    const response = await downloadAttachment({ roomId, attachmentId: script.id, userId: ada.id, thumbnail: false });
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toContain("sandbox");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="page.html"/);
  });

  it("a message carries finished uploads of its author's only, once; the others see them; deleting the message deletes the files", async () => {
    const { ada, bob, roomId } = await setup();
    const file = await upload(roomId, ada.id, "a.txt", Buffer.from("hello\n"));
    // Not Bob's to send.
    expect((await refusal(createMessage({ roomId, author: bob, body: "", clientId: randomUUID(), attachmentIds: [file.id] }))).status).toBe(409);
    const { message } = await createMessage({ roomId, author: ada, body: "", clientId: randomUUID(), attachmentIds: [file.id] });
    expect(message.attachments.map((a) => a.id)).toEqual([file.id]);
    // Not twice.
    expect((await refusal(createMessage({ roomId, author: ada, body: "again", clientId: randomUUID(), attachmentIds: [file.id] }))).status).toBe(409);
    // Bob reads it in the history and downloads it.
    expect((await listMessages({ roomId, limit: 10 })).messages[0]!.attachments.map((a) => a.id)).toEqual([file.id]);
    expect(await (await downloadAttachment({ roomId, attachmentId: file.id, userId: bob.id, thumbnail: false })).text()).toBe("hello\n");
    // Sent files cannot be removed as uploads, only with their message.
    expect((await refusal(removeUpload({ roomId, attachmentId: file.id, uploaderId: ada.id }))).status).toBe(404);
    await deleteMessage({ messageId: message.id });
    expect(await prisma.attachment.count({ where: { id: file.id } })).toBe(0);
    expect(await storage().read(`${file.id}/original`)).toBeNull();
    expect((await refusal(downloadAttachment({ roomId, attachmentId: file.id, userId: bob.id, thumbnail: false }))).status).toBe(404);
  });

  it("an unsent upload is its uploader's alone; the file of another room is not found through this one", async () => {
    const { ada, bob, roomId } = await setup();
    const other = await setup();
    const file = await upload(roomId, ada.id, "draft.txt", Buffer.from("draft\n"));
    expect((await refusal(downloadAttachment({ roomId, attachmentId: file.id, userId: bob.id, thumbnail: false }))).status).toBe(404);
    expect((await refusal(downloadAttachment({ roomId: other.roomId, attachmentId: file.id, userId: ada.id, thumbnail: false }))).status).toBe(404);
    expect((await refusal(removeUpload({ roomId, attachmentId: file.id, uploaderId: bob.id }))).status).toBe(404);
    await removeUpload({ roomId, attachmentId: file.id, uploaderId: ada.id });
    expect(await storage().read(`${file.id}/original`)).toBeNull();
  });

  it("size, quota and honesty: too large, over the quota, and bytes that differ from the announced size are refused with reasons", async () => {
    const { ada, roomId } = await setup();
    const big = await refusal(startUpload({ roomId, uploaderId: ada.id, name: "big.bin", size: 201 * 1024 }));
    expect(big).toMatchObject({ status: 413, message: "big.bin is 201 KB; files can be at most 200 KB." });
    await upload(roomId, ada.id, "one.bin", Buffer.alloc(150 * 1024, 1));
    await upload(roomId, ada.id, "two.bin", Buffer.alloc(100 * 1024, 1));
    const over = await refusal(startUpload({ roomId, uploaderId: ada.id, name: "three.bin", size: 100 * 1024 }));
    expect(over.status).toBe(413);
    expect(over.message).toContain("Your files add up to 250 KB of your 300 KB");

    const { ada: cy, roomId: room2 } = await setup();
    const { attachment } = await startUpload({ roomId: room2, uploaderId: cy.id, name: "short.bin", size: 10 });
    await receiveUpload({ roomId: room2, attachmentId: attachment.id, uploaderId: cy.id, read: async () => Buffer.from("12345") });
    expect(await refusal(completeUpload({ roomId: room2, attachmentId: attachment.id, uploaderId: cy.id }))).toMatchObject({ status: 422 });
    // Completing before any bytes arrived is a 409 with a reason.
    const { attachment: early } = await startUpload({ roomId: room2, uploaderId: cy.id, name: "early.bin", size: 10 });
    expect(await refusal(completeUpload({ roomId: room2, attachmentId: early.id, uploaderId: cy.id }))).toMatchObject({ status: 409, message: "The file has not been uploaded yet." });
  });

  it("a file whose bytes are gone from the store is a 404, not a crash", async () => {
    const { ada, roomId } = await setup();
    const file = await upload(roomId, ada.id, "lost.txt", Buffer.from("lost\n"));
    await storage().delete([`${file.id}/original`]);
    expect((await refusal(downloadAttachment({ roomId, attachmentId: file.id, userId: ada.id, thumbnail: false }))).status).toBe(404);
  });

  it("two uploads at once cannot both take the last of the quota", async () => {
    const { ada, roomId } = await setup();
    const results = await Promise.allSettled([0, 1, 2].map((i) => startUpload({ roomId, uploaderId: ada.id, name: `f${i}.bin`, size: 120 * 1024 })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
  });
});
