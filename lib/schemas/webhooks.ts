import { z } from "zod";

/** A Pusher webhook batch: the events Parley acts on are checked; others pass through untouched and are ignored. */
export const pusherWebhookSchema = z.object({
  time_ms: z.number().int().nonnegative(),
  events: z
    .array(
      z.looseObject({
        name: z.string().max(64),
        channel: z.string().max(200).optional(),
        user_id: z.string().max(128).optional(),
      }),
    )
    .max(10_000),
});
export type PusherWebhook = z.infer<typeof pusherWebhookSchema>;
