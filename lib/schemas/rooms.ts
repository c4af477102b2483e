import { z } from "zod";

export const createRoomBodySchema = z.object({
  name: z
    .string({ error: "Give the room a name." })
    .trim()
    .min(1, "Give the room a name.")
    .max(80, "Keep the room name under 80 characters.")
    .refine((v) => !/[\p{Cc}\u202a-\u202e\u2066-\u2069]/u.test(v), "The name contains characters that can't be shown."),
  description: z.string().trim().max(500, "Keep the description under 500 characters.").default(""),
  visibility: z.enum(["PUBLIC", "PRIVATE"], { error: "Visibility is PUBLIC or PRIVATE." }).default("PRIVATE"),
});
export type CreateRoomBody = z.infer<typeof createRoomBodySchema>;
