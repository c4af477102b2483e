// Every signature of the Pusher Channels protocol, in one place.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export function hmacHex(secret: string, message: string): string {
  return createHmac("sha256", secret).update(message).digest("hex");
}

/** Constant-time comparison of two hex/ASCII strings. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** `"{key}:" + HMAC(secret, "{socket_id}:{channel}[:{channel_data}]")`: private and presence auth. */
export function channelAuth(key: string, secret: string, socketId: string, channel: string, channelData?: string): string {
  const message = channelData === undefined ? `${socketId}:${channel}` : `${socketId}:${channel}:${channelData}`;
  return `${key}:${hmacHex(secret, message)}`;
}

/** `"{key}:" + HMAC(secret, "{socket_id}::user::{user_data}")`: user sign-in. */
export function userAuth(key: string, secret: string, socketId: string, userData: string): string {
  return `${key}:${hmacHex(secret, `${socketId}::user::${userData}`)}`;
}

/** The signature of an HTTP API request: HMAC(secret, "{METHOD}\n{path}\n{sorted query without auth_signature}"). */
export function apiSignature(secret: string, method: string, path: string, query: Record<string, string>): string {
  const canonical = Object.keys(query)
    .filter((k) => k !== "auth_signature")
    .map((k) => [k.toLowerCase(), query[k]] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  return hmacHex(secret, `${method.toUpperCase()}\n${path}\n${canonical}`);
}

export function md5Hex(body: Buffer | string): string {
  return createHash("md5").update(body).digest("hex");
}

/** Webhook signature: HMAC(secret, raw body). */
export function webhookSignature(secret: string, body: string): string {
  return hmacHex(secret, body);
}

/** The per-channel key of an encrypted channel: base64(SHA256(channel + masterKey)). */
export function encryptedChannelSharedSecret(channel: string, masterKey: Buffer): string {
  return createHash("sha256").update(Buffer.concat([Buffer.from(channel), masterKey])).digest("base64");
}
