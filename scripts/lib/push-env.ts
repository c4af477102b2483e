// Web Push settings for the production-mode test stacks (e2e, benchmarks, reliability): a fresh
// VAPID pair (production has no generated fallback) and local http push receivers allowed.
import webpush from "web-push";

export function testPushEnv(): Record<string, string> {
  const { publicKey, privateKey } = webpush.generateVAPIDKeys();
  return { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey, VAPID_SUBJECT: "mailto:e2e@example.invalid", PUSH_ALLOW_INSECURE_ENDPOINTS: "true" };
}
