import { NextResponse } from "next/server";
import { withRoom } from "@/lib/authz/door";
import { parseBody } from "@/lib/http";
import { limiters } from "@/lib/rate-limit";
import { broadcastReaction, reactionsOf, setReaction } from "@/lib/reactions";
import { setReactionBodySchema } from "@/lib/schemas/reactions";

export const runtime = "nodejs";

type Params = { roomId: string; messageId: string };

/**
 * Sets the caller's reaction with one emoji on a message: `{emoji, reacted}` (the state wanted, so
 * a double click or a retry changes nothing more). Answers the message's reactions now; the room
 * hears `reaction.updated` when something changed.
 */
export const PUT = withRoom<Params>(
  async (request, { ids: { roomId, messageId }, user }) => {
    const body = await parseBody(request, setReactionBodySchema);
    const { channelKey, changed } = await setReaction({ roomId, messageId, user, emoji: body.emoji, reacted: body.reacted });
    if (changed) {
      await broadcastReaction({
        event: { roomId, messageId, emoji: body.emoji, user: { id: user.id, name: user.name }, reacted: body.reacted },
        channelKey,
        socketId: request.headers.get("x-socket-id"),
      });
    }
    return NextResponse.json({ messageId, reactions: await reactionsOf({ messageId }) });
  },
  {
    action: { type: "message.react" },
    rateLimit: { limits: (user, { roomId }) => [[limiters.react, `${user.id}:${roomId}`]], message: "You are reacting too fast. Try again in {seconds} seconds." },
  },
);
