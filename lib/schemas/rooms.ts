import { z } from "zod";

export const createRoomBodySchema = z.object({
  name: z
    .string({ error: "Give the room a name." })
    .trim()
    .min(1, "Give the room a name.")
    .max(80, "Keep the room name under 80 characters.")
    .refine((v) => !/[\p{Cc}\u202a-\u202e\u2066-\u2069]/u.test(v), "The name contains characters that can't be shown."),
  description: z
    .string()
    .trim()
    .max(500, "Keep the description under 500 characters.")
    .refine((v) => !v.includes("\u0000"), "The description can't contain NUL characters.")
    .default(""),
  visibility: z.enum(["PUBLIC", "PRIVATE"], { error: "Visibility is PUBLIC or PRIVATE." }).default("PRIVATE"),
});
export type CreateRoomBody = z.infer<typeof createRoomBodySchema>;

/** PATCH /api/rooms/{id}: any of the room's settings; the slug (its address) never changes. */
export const roomSettingsBodySchema = z
  .object({
    name: createRoomBodySchema.shape.name.optional(),
    description: createRoomBodySchema.shape.description.unwrap().optional(),
    visibility: z.enum(["PUBLIC", "PRIVATE"], { error: "Visibility is PUBLIC or PRIVATE." }).optional(),
  })
  .strict();
export type RoomSettingsBody = z.infer<typeof roomSettingsBodySchema>;

export const transferOwnershipBodySchema = z.object({ userId: z.string({ error: "userId is the new owner's id." }).regex(/^[a-z0-9]{1,64}$/, "userId is not a valid user id.") });

export const auditLogQuerySchema = z.object({
  before: z.string().regex(/^[a-z0-9]{1,64}$/, "before is not a valid cursor.").optional(),
  limit: z.coerce.number({ error: "limit is a number." }).int().min(1, "limit is at least 1.").max(100, "limit is at most 100.").default(25),
});
