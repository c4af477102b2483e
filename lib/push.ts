import "server-only";
import type { NotificationPayload } from "@/lib/notification-rules";
import dns from "node:dns";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import webpush from "web-push";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { endpointProblem, isInternalAddress } from "@/lib/push-endpoint";

// Web Push delivery: VAPID-signed, aes128gcm-encrypted requests to each subscription's push
// service. web-push builds (signs and encrypts) each request; this file sends it, because the
// address it connects to has to be checked (a user chose the URL) and web-push's own sender
// speaks only https.

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

const vapidFile = path.join(process.cwd(), ".data/vapid.json");

/**
 * The VAPID key pair: from env; outside production with none set, a pair generated once into the
 * git-ignored .data/vapid.json (so `npm run dev` needs no setup); in production without keys, null
 * (push is off). Read once per process.
 */
function loadVapidKeys(): VapidKeys | null {
  if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY && env.VAPID_SUBJECT) {
    return { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject: env.VAPID_SUBJECT };
  }
  if (env.NODE_ENV === "production") return null;
  const subject = env.NEXTAUTH_URL?.startsWith("https://") ? env.NEXTAUTH_URL : "mailto:parley-dev@example.invalid";
  return { ...developmentKeyPair(), subject };
}

function developmentKeyPair(): { publicKey: string; privateKey: string } {
  try {
    return JSON.parse(fs.readFileSync(vapidFile, "utf8")) as { publicKey: string; privateKey: string };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const pair = webpush.generateVAPIDKeys();
  fs.mkdirSync(path.dirname(vapidFile), { recursive: true });
  // Written aside, then linked into place: two processes starting at once keep the first pair, and
  // neither reads a half-written file.
  const temporary = `${vapidFile}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(pair, null, 2) + "\n", { mode: 0o600 });
  try {
    fs.linkSync(temporary, vapidFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
  return JSON.parse(fs.readFileSync(vapidFile, "utf8")) as { publicKey: string; privateKey: string };
}

let vapid: VapidKeys | null | undefined;
function vapidKeys(): VapidKeys | null {
  if (vapid === undefined) {
    vapid = loadVapidKeys();
    if (!vapid) log.warn("web push is off: set VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT to turn it on");
  }
  return vapid;
}

/** The application server key browsers subscribe with, or null when push is off. Safe to send to the browser. */
export function getPushPublicKey(): string | null {
  return vapidKeys()?.publicKey ?? null;
}

export type PushPayload = NotificationPayload;

export interface PushTarget {
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushOptions {
  /** "high" for mentions and direct messages: delivered at once even to a phone saving battery. */
  urgency?: "normal" | "high";
  /** Seconds the push service keeps an undelivered push (a chat notification a day late is noise). */
  ttlSeconds?: number;
}

export interface PushResult {
  sent: number;
  /** Subscriptions the push service said are gone (404/410): deleted. */
  removed: number;
  failed: number;
}

const concurrency = 8;
const timeoutMs = 10_000;
const endpointPolicy = { allowInsecure: env.PUSH_ALLOW_INSECURE_ENDPOINTS };

/** Sends `payload` to every push subscription of `userIds`. Never throws: failures are logged. */
export async function sendPush({ userIds, payload, ...options }: { userIds: string[]; payload: PushPayload } & PushOptions): Promise<PushResult> {
  if (userIds.length === 0 || !vapidKeys()) return { sent: 0, removed: 0, failed: 0 };
  try {
    const subscriptions = await prisma.pushSubscription.findMany({ where: { userId: { in: userIds } }, select: { id: true, endpoint: true, p256dh: true, auth: true } });
    return await sendToSubscriptions({ subscriptions, payload, ...options });
  } catch (error) {
    log.error("push delivery failed", { error });
    return { sent: 0, removed: 0, failed: userIds.length };
  }
}

/** Sends `payload` to these subscriptions (at most `concurrency` at a time); deletes the ones that are gone. Never throws. */
export async function sendToSubscriptions({
  subscriptions,
  payload,
  urgency = "normal",
  ttlSeconds = 60 * 60,
}: { subscriptions: PushTarget[]; payload: PushPayload } & PushOptions): Promise<PushResult> {
  const keys = vapidKeys();
  const result: PushResult = { sent: 0, removed: 0, failed: 0 };
  if (!keys || subscriptions.length === 0) return result;
  const body = JSON.stringify(payload);
  const gone: string[] = [];
  const queue = [...subscriptions];
  const worker = async () => {
    for (let target = queue.shift(); target; target = queue.shift()) {
      const outcome = await sendOne({ target, body, keys, urgency, ttlSeconds, topic: payload.tag });
      if (outcome === "sent") result.sent++;
      else if (outcome === "gone") gone.push(target.id);
      else result.failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, subscriptions.length) }, worker));
  if (gone.length > 0) {
    try {
      result.removed = (await prisma.pushSubscription.deleteMany({ where: { id: { in: gone } } })).count;
    } catch (error) {
      log.error("could not delete expired push subscriptions", { error, count: gone.length });
    }
  }
  return result;
}

async function sendOne({
  target,
  body,
  keys,
  urgency,
  ttlSeconds,
  topic,
}: {
  target: PushTarget;
  body: string;
  keys: VapidKeys;
  urgency: "normal" | "high";
  ttlSeconds: number;
  topic: string;
}): Promise<"sent" | "gone" | "failed"> {
  const host = safeHost(target.endpoint);
  const problem = endpointProblem(target.endpoint, endpointPolicy);
  if (problem) {
    log.warn("push endpoint refused", { subscriptionId: target.id, host, problem });
    return "failed";
  }
  try {
    const request = webpush.generateRequestDetails({ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } }, body, {
      vapidDetails: keys,
      TTL: ttlSeconds,
      urgency,
      contentEncoding: "aes128gcm",
      // Replaces an undelivered push of the same conversation while the device is offline.
      ...(/^[A-Za-z0-9_-]{1,32}$/.test(topic) && { topic }),
    });
    const status = await post(target.endpoint, request.headers, request.body ?? Buffer.alloc(0));
    if (status >= 200 && status < 300) return "sent";
    if (status === 404 || status === 410) return "gone";
    log.warn("push service refused a push", { subscriptionId: target.id, host, status });
    return "failed";
  } catch (error) {
    log.warn("push failed", { subscriptionId: target.id, host, error: error instanceof Error ? error.message : String(error) });
    return "failed";
  }
}

function safeHost(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return "invalid";
  }
}

/** Resolves like the default, but refuses to connect to a non-public address (unless insecure endpoints are allowed). */
const guardedLookup: typeof dns.lookup = ((hostname: string, options: dns.LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => isInternalAddress(a.address));
    if (refused && !endpointPolicy.allowInsecure) {
      return callback(Object.assign(new Error(`${hostname} resolves to a non-public address`), { code: "EPUSHADDRESS" }), []);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
}) as typeof dns.lookup;

function post(endpoint: string, headers: Record<string, string | number>, body: Buffer): Promise<number> {
  const url = new URL(endpoint);
  const transport = url.protocol === "http:" ? http : https;
  return new Promise((resolve, reject) => {
    const request = transport.request(url, { method: "POST", headers, timeout: timeoutMs, lookup: guardedLookup }, (response) => {
      // Drain: the answer's body carries nothing we use. Redirects are not followed.
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error("push service timed out")));
    request.on("error", reject);
    request.end(body);
  });
}
