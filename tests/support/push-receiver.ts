// A local push service for tests (vitest and Playwright, plain Node): an HTTP endpoint with the
// key pair of a browser subscription. Every push it receives is decrypted (aes128gcm, RFC 8291)
// with its private key, so a test reads exactly what the browser's service worker would.
import { createECDH, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { decrypt } from "http_ece";

export interface ReceivedPush {
  headers: http.IncomingHttpHeaders;
  payload: unknown;
}

export interface PushReceiver {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  /** The next push (in arrival order), decrypted; rejects after `timeoutMs`. */
  next(options?: { timeoutMs?: number }): Promise<ReceivedPush>;
  /** How many pushes arrived so far. */
  count(): number;
  /** The status later pushes are answered with (201 by default; 410 = "this subscription is gone"). */
  respondWith(status: number): void;
  close(): Promise<void>;
}

export async function startPushReceiver(): Promise<PushReceiver> {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const authSecret = randomBytes(16);
  const received: (ReceivedPush | Error)[] = [];
  const waiters: ((push: ReceivedPush | Error) => void)[] = [];
  let total = 0;
  let status = 201;

  const deliver = (item: ReceivedPush | Error) => {
    const waiter = waiters.shift();
    if (waiter) waiter(item);
    else received.push(item);
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      total++;
      try {
        const plain = decrypt(Buffer.concat(chunks), { version: "aes128gcm", privateKey: ecdh, authSecret });
        deliver({ headers: request.headers, payload: JSON.parse(plain.toString("utf8")) as unknown });
      } catch (error) {
        deliver(error instanceof Error ? error : new Error(String(error)));
      }
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}/push/${randomBytes(8).toString("hex")}`,
    keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: authSecret.toString("base64url") },
    next({ timeoutMs = 10_000 } = {}) {
      const item = received.shift();
      const settle = (value: ReceivedPush | Error) => (value instanceof Error ? Promise.reject(value) : Promise.resolve(value));
      if (item) return settle(item);
      return new Promise<ReceivedPush>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no push arrived within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = (value: ReceivedPush | Error) => {
          clearTimeout(timer);
          settle(value).then(resolve, reject);
        };
        waiters.push(waiter);
      });
    },
    count: () => total,
    respondWith(next) {
      status = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
