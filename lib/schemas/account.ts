import { z } from "zod";
import { displayNameSchema, newPasswordSchema } from "@/lib/schemas/auth";

/** PATCH /api/account: the display name, under registration's rules. */
export const updateProfileBodySchema = z.object({ name: displayNameSchema }).strict();

/** POST /api/account/password. The current password is needed whenever the account has one (lib/account.ts). */
export const changePasswordBodySchema = z
  .object({
    // Shape only, like sign-in: a current password that breaks today's length rules is just wrong.
    currentPassword: z.string({ error: "Enter your current password." }).max(1024, "That password is too long.").optional(),
    newPassword: newPasswordSchema,
  })
  .strict();
export type ChangePasswordBody = z.infer<typeof changePasswordBodySchema>;

export const notifyLevels = ["ALL", "MENTIONS", "NOTHING"] as const;
export type NotifyLevel = (typeof notifyLevels)[number];

/** PATCH /api/account/notifications. */
export const notificationSettingsBodySchema = z
  .object({ level: z.enum(notifyLevels, { error: "level is ALL, MENTIONS or NOTHING." }) })
  .strict();

/** PUT /api/rooms/{roomId}/mute. */
export const muteBodySchema = z.object({ muted: z.boolean({ error: "muted is true or false." }) }).strict();
