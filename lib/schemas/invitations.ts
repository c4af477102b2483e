import { z } from "zod";

export const createInvitationBodySchema = z.object({
  expiresInHours: z.coerce.number({ error: "expiresInHours is a number of hours." }).int().min(1, "Links last at least 1 hour.").max(720, "Links last at most 30 days (720 hours)."),
  maxUses: z.union([z.null(), z.coerce.number().int().min(1, "At least 1 use.").max(1000, "At most 1000 uses.")]).default(null),
});

export const acceptInvitationBodySchema = z.object({ token: z.string().max(100) });
