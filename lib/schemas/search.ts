import { z } from "zod";

export const maxSearchQueryLength = 200;

export const searchQuerySchema = z.object({
  q: z.string({ error: "q is the search." }).trim().min(1, "Type something to search for.").max(maxSearchQueryLength, `Search for at most ${maxSearchQueryLength} characters.`),
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
