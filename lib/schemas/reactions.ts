import { z } from "zod";
import { isReactionEmoji } from "@/lib/emoji";

export const setReactionBodySchema = z.object({
  emoji: z.string({ error: "emoji is required." }).max(32).refine(isReactionEmoji, "Pick one of the emoji in the picker."),
  /** The state wanted (not a toggle), so a repeated request changes nothing more. */
  reacted: z.boolean({ error: "reacted is true or false." }),
});
