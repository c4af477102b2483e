import { z } from "zod";
import { endpointProblem, type EndpointPolicy } from "@/lib/push-endpoint";

const base64Url = (name: string, bytes: number) =>
  z
    .string({ error: `keys.${name} is required.` })
    .refine((v) => /^[A-Za-z0-9_-]+={0,2}$/.test(v) && Buffer.from(v, "base64url").length === bytes, `keys.${name} must be ${bytes} bytes, base64url-encoded.`);

/** POST /api/push/subscriptions: what PushSubscription.toJSON() gives in the browser. */
export function pushSubscriptionBodySchema(policy: EndpointPolicy) {
  return z.object({
    endpoint: pushEndpointSchema(policy),
    keys: z.object({
      // An uncompressed P-256 point and the 16-byte auth secret (RFC 8291).
      p256dh: base64Url("p256dh", 65).refine((v) => Buffer.from(v, "base64url")[0] === 4, "keys.p256dh must be an uncompressed P-256 public key."),
      auth: base64Url("auth", 16),
    }),
    // Browsers include it in toJSON(); not used.
    expirationTime: z.number().nullable().optional(),
  });
}
export type PushSubscriptionBody = z.infer<ReturnType<typeof pushSubscriptionBodySchema>>;

export function pushEndpointSchema(policy: EndpointPolicy) {
  return z
    .string({ error: "endpoint is required." })
    .max(2048, "The endpoint is too long.")
    .superRefine((value, ctx) => {
      const problem = endpointProblem(value, policy);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

/** DELETE /api/push/subscriptions: which of the caller's subscriptions to forget. */
export const deletePushSubscriptionBodySchema = z.object({ endpoint: z.string({ error: "endpoint is required." }).max(2048, "The endpoint is too long.") });
