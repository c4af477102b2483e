import { once } from "node:events";
import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import { createMailer, invitationMail } from "@/lib/mailer";

const from = "Parley <no-reply@parley.test>";

interface Received {
  mailFrom: string | null;
  rcptTo: string[];
  raw: string;
}

/** Headers (unfolded, by lower-cased name) and the decoded text body of a single-part message. */
function parseMessage(raw: string) {
  const split = raw.indexOf("\r\n\r\n");
  const headerBlock = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const headers = new Map(
    headerBlock.split("\r\n").map((line) => {
      const colon = line.indexOf(":");
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()] as const;
    }),
  );
  const encoded = raw.slice(split + 4);
  const encoding = (headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  let body = encoded;
  if (encoding === "quoted-printable") {
    const bytes = encoded.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    body = Buffer.from(bytes, "latin1").toString("utf8");
  } else if (encoding === "base64") {
    body = Buffer.from(encoded, "base64").toString("utf8");
  }
  return { headers, body: body.replace(/\r\n/g, "\n") };
}

describe("createMailer", () => {
  const received: Received[] = [];
  let rejectNext = false;
  let server: SMTPServer;
  let port: number;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          if (rejectNext) {
            callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
            return;
          }
          const envelope = session.envelope;
          received.push({
            mailFrom: envelope.mailFrom ? envelope.mailFrom.address : null,
            rcptTo: envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString("latin1"),
          });
          callback();
        });
      },
    });
    server.listen(0, "127.0.0.1");
    await once(server.server, "listening");
    port = (server.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    received.length = 0;
    rejectNext = false;
  });

  it("returns null when no SMTP URL is configured", () => {
    expect(createMailer(undefined, from)).toBeNull();
    expect(createMailer("", from)).toBeNull();
  });

  it("sends an invitation that arrives with its recipient, subject and link", async () => {
    const mailer = createMailer(`smtp://127.0.0.1:${port}`, from);
    expect(mailer).not.toBeNull();
    const url = "https://parley.test/invite/AbCdEfGhIjKlMnOpQrStUvWxYz012-_9";
    const expiresAt = new Date("2030-05-06T07:08:09Z");
    const mail = invitationMail({ to: "newcomer@example.com", roomName: "general", inviter: "Alice Adams", url, expiresAt });

    await expect(mailer!.send(mail)).resolves.toBe(true);

    expect(received).toHaveLength(1);
    const [message] = received;
    expect(message?.mailFrom).toBe("no-reply@parley.test");
    expect(message?.rcptTo).toEqual(["newcomer@example.com"]);
    const { headers, body } = parseMessage(message!.raw);
    expect(headers.get("to")).toBe("newcomer@example.com");
    expect(headers.get("from")).toBe(from);
    expect(headers.get("subject")).toBe("Alice Adams invited you to #general on Parley");
    expect(body).toContain(`Open this link to create an account and join: ${url}\n`);
    expect(body).toContain(`expires on ${expiresAt.toUTCString()}`);
  });

  it("resolves false, without throwing, when the server refuses the message", async () => {
    const mailer = createMailer(`smtp://127.0.0.1:${port}`, from)!;
    rejectNext = true;
    await expect(mailer.send({ to: "someone@example.com", subject: "Hi", text: "Hello" })).resolves.toBe(false);
    expect(received).toEqual([]);
  });

  it("resolves false, without throwing, when nothing listens at the SMTP address", async () => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1");
    await once(probe, "listening");
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const mailer = createMailer(`smtp://127.0.0.1:${closedPort}`, from)!;
    await expect(mailer.send({ to: "someone@example.com", subject: "Hi", text: "Hello" })).resolves.toBe(false);
  });
});
