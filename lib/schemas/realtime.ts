import { z } from "zod";
import { isWellFormedChannelName, socketIdPattern } from "@/lib/realtime/channels";

const socketId = z.string({ error: "socket_id is required." }).regex(socketIdPattern, "socket_id is malformed.");
const channelName = z.string({ error: "channel_name is required." }).refine(isWellFormedChannelName, "channel_name is malformed.");

/** pusher-js's form body (socket_id, channel_name), or Parley's batch form (channel_names[]). */
export const channelAuthBodySchema = z.union([
  z.object({ socket_id: socketId, channel_name: channelName }),
  z.object({ socket_id: socketId, channel_names: z.array(channelName).min(1, "channel_names is empty.").max(100, "At most 100 channels per request.") }),
]);

export const userAuthBodySchema = z.object({ socket_id: socketId });
