// Pusher's HTTP API: what the `pusher` SDK calls to trigger events and query channels.
import type { IncomingMessage, ServerResponse } from "node:http";
import { channelType, isValidChannelName, isValidEventName, isValidPublishChannel, isValidUserId } from "./channels";
import type { RealtimeOptions } from "./config";
import { apiSignature, md5Hex, safeEqual } from "./crypto";
import { coalesceWrites } from "./connection";
import type { Hub } from "./hub";
import type { Logger } from "./log";

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const socketIdPattern = /^\d+\.\d+$/;

interface EventInput {
  name: string;
  data: string;
  channels: string[];
  socketId?: string;
  info: string[];
}

export class HttpApi {
  constructor(
    private readonly options: RealtimeOptions,
    private readonly hub: Hub,
    private readonly log: Logger,
  ) {}

  /** Handles /apps/... requests. The body has been read (and size-checked) by the server. */
  handle(request: IncomingMessage, response: ServerResponse, url: URL, body: Buffer): void {
    try {
      const result = this.route(request.method ?? "GET", url, body);
      const json = JSON.stringify(result);
      response.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(json) });
      response.end(json);
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 500;
      const message = error instanceof ApiError ? error.message : "Internal error";
      if (!(error instanceof ApiError)) this.log("warn", "api internal error", { error: String(error) });
      this.reject(response, status, message, request.method, url.pathname);
    }
  }

  reject(response: ServerResponse, status: number, message: string, method?: string, path?: string): void {
    this.log("info", "api request rejected", { status, method, path, reason: message });
    response.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(message) });
    response.end(message);
  }

  private route(method: string, url: URL, body: Buffer): unknown {
    const match = /^\/apps\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (!match) throw new ApiError(404, "Not found");
    const [, appId, rest] = match as unknown as [string, string, string];
    if (decodeSegment(appId) !== this.options.appId) throw new ApiError(404, `Unknown app ${appId.slice(0, 64)}`);
    this.authenticate(method, url, body);

    if (rest === "events" && method === "POST") return this.triggerEvents(parseJson(body));
    if (rest === "batch_events" && method === "POST") return this.triggerBatch(parseJson(body));
    if (rest === "channels" && method === "GET") return this.listChannels(url.searchParams);
    let m = /^channels\/([^/]+)$/.exec(rest);
    if (m && method === "GET") return this.channelInfo(decodeSegment(m[1]!), url.searchParams);
    m = /^channels\/([^/]+)\/users$/.exec(rest);
    if (m && method === "GET") return this.channelUsers(decodeSegment(m[1]!));
    m = /^users\/([^/]+)\/terminate_connections$/.exec(rest);
    if (m && method === "POST") {
      const userId = decodeSegment(m[1]!);
      if (!isValidUserId(userId)) throw new ApiError(400, "Invalid user id");
      this.hub.terminateUser(userId);
      return {};
    }
    throw new ApiError(404, "Not found");
  }

  private authenticate(method: string, url: URL, body: Buffer): void {
    const query: Record<string, string> = {};
    for (const [key, value] of url.searchParams) query[key] = value;
    if (query.auth_key !== this.options.key) throw new ApiError(401, "Unknown auth_key");
    if (query.auth_version !== "1.0") throw new ApiError(401, "auth_version must be 1.0");
    const timestamp = Number(query.auth_timestamp);
    if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > this.options.maxTimestampSkewSeconds) {
      throw new ApiError(401, `Timestamp expired: auth_timestamp must be within ${this.options.maxTimestampSkewSeconds} s of the server's time`);
    }
    if (body.length > 0 && query.body_md5 !== md5Hex(body)) throw new ApiError(401, "body_md5 does not match the body");
    const expected = apiSignature(this.options.secret, method, url.pathname, query);
    if (!safeEqual(query.auth_signature ?? "", expected)) throw new ApiError(401, "Invalid signature");
  }

  private parseEvent(input: unknown, single: boolean): EventInput {
    if (!input || typeof input !== "object" || Array.isArray(input)) throw new ApiError(400, "Event must be a JSON object");
    const e = input as Record<string, unknown>;
    if (!isValidEventName(e.name)) throw new ApiError(400, "name must be a string of 1 to 200 characters without spaces");
    const data = typeof e.data === "string" ? e.data : e.data === undefined ? "" : JSON.stringify(e.data);
    if (Buffer.byteLength(data) > this.options.maxEventBytes) throw new ApiError(413, `Event data is over ${this.options.maxEventBytes} bytes`);
    const channels = single ? (e.channel === undefined ? undefined : [e.channel]) : (e.channels ?? (e.channel === undefined ? undefined : [e.channel]));
    if (!Array.isArray(channels) || channels.length === 0) throw new ApiError(400, "Give at least one channel");
    if (channels.length > this.options.maxChannelsPerTrigger) throw new ApiError(400, `At most ${this.options.maxChannelsPerTrigger} channels per event`);
    for (const channel of channels) if (!isValidPublishChannel(channel)) throw new ApiError(400, `Invalid channel name: ${String(channel).slice(0, 200)}`);
    if (e.socket_id !== undefined && (typeof e.socket_id !== "string" || !socketIdPattern.test(e.socket_id))) {
      throw new ApiError(400, "Invalid socket_id");
    }
    const info = typeof e.info === "string" && e.info ? e.info.split(",") : [];
    for (const attribute of info) {
      if (attribute !== "user_count" && attribute !== "subscription_count") throw new ApiError(400, `Unknown info attribute: ${attribute.slice(0, 50)}`);
    }
    return { name: e.name, data, channels: channels as string[], socketId: e.socket_id as string | undefined, info };
  }

  private publish(event: EventInput): void {
    for (const channel of event.channels) this.hub.publish(channel, event.name, event.data, event.socketId);
  }

  private infoFor(channel: string, attributes: string[]): Record<string, number> {
    const out: Record<string, number> = {};
    const state = this.hub.channels.get(channel);
    for (const attribute of attributes) {
      if (attribute === "user_count" && channelType(channel).kind === "presence") out.user_count = state?.members.size ?? 0;
      if (attribute === "subscription_count") out.subscription_count = state?.subscribers.size ?? 0;
    }
    return out;
  }

  private triggerEvents(body: unknown): unknown {
    const event = this.parseEvent(body, false);
    coalesceWrites(() => this.publish(event));
    if (event.info.length === 0) return {};
    return { channels: Object.fromEntries(event.channels.map((c) => [c, this.infoFor(c, event.info)])) };
  }

  private triggerBatch(body: unknown): unknown {
    const batch = (body as { batch?: unknown } | null)?.batch;
    if (!Array.isArray(batch) || batch.length === 0) throw new ApiError(400, "batch must be a non-empty array");
    if (batch.length > this.options.maxBatchEvents) throw new ApiError(400, `At most ${this.options.maxBatchEvents} events per batch`);
    // Validate every event before publishing any, so a bad batch publishes nothing.
    const events = batch.map((item) => this.parseEvent(item, true));
    coalesceWrites(() => {
      for (const event of events) this.publish(event);
    });
    if (events.every((e) => e.info.length === 0)) return {};
    return { batch: events.map((e) => this.infoFor(e.channels[0]!, e.info)) };
  }

  private listChannels(params: URLSearchParams): unknown {
    const prefix = params.get("filter_by_prefix") ?? "";
    const info = (params.get("info") ?? "").split(",").filter(Boolean);
    for (const attribute of info) {
      if (attribute !== "user_count") throw new ApiError(400, `Unsupported info attribute for the channel list: ${attribute.slice(0, 50)}`);
      if (!prefix.startsWith("presence-")) throw new ApiError(400, "info=user_count needs filter_by_prefix=presence-");
    }
    const channels: Record<string, Record<string, number>> = {};
    for (const [name, channel] of this.hub.channels) {
      if (channel.subscribers.size === 0 || !name.startsWith(prefix)) continue;
      channels[name] = info.length ? { user_count: channel.members.size } : {};
    }
    return { channels };
  }

  private channelInfo(name: string, params: URLSearchParams): unknown {
    if (!isValidChannelName(name)) throw new ApiError(400, "Invalid channel name");
    const info = (params.get("info") ?? "").split(",").filter(Boolean);
    const channel = this.hub.channels.get(name);
    const out: Record<string, unknown> = { occupied: (channel?.subscribers.size ?? 0) > 0 };
    for (const attribute of info) {
      if (attribute === "user_count") {
        if (channelType(name).kind !== "presence") throw new ApiError(400, "user_count is only available for presence channels");
        out.user_count = channel?.members.size ?? 0;
      } else if (attribute === "subscription_count") {
        out.subscription_count = channel?.subscribers.size ?? 0;
      } else if (attribute === "cache") {
        const cached = channel?.cached;
        if (cached && cached.expiresAt > Date.now()) {
          out.cache = { data: cached.data, ttl: Math.ceil((cached.expiresAt - Date.now()) / 1000) };
        }
      } else {
        throw new ApiError(400, `Unknown info attribute: ${attribute.slice(0, 50)}`);
      }
    }
    return out;
  }

  private channelUsers(name: string): unknown {
    if (!isValidChannelName(name)) throw new ApiError(400, "Invalid channel name");
    if (channelType(name).kind !== "presence") throw new ApiError(400, "Users can only be listed for presence channels");
    const channel = this.hub.channels.get(name);
    return { users: [...(channel?.members.keys() ?? [])].map((id) => ({ id })) };
  }
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new ApiError(400, "Body is not valid JSON");
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError(400, "Malformed path");
  }
}
