// http_ece ships no types; only what tests/support/push-receiver.ts uses.
declare module "http_ece" {
  import type { ECDH } from "node:crypto";
  interface DecryptParams {
    version: "aes128gcm" | "aesgcm" | "aesgcm128";
    privateKey?: ECDH;
    authSecret?: string | Buffer;
    dh?: string;
  }
  export function decrypt(buffer: Buffer, params: DecryptParams): Buffer;
}
