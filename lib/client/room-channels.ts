// How a client follows a room's channels across generations (lib/realtime/channels.ts), shared
// by the room view, the sidebar, the members page and the reliability suite, so the suite proves
// the code people run. Plain TypeScript over pusher-js; no React, no server imports.
//
// A room's names change whenever someone is removed, banned or leaves. The server then publishes
// `room.rekeyed` with the new names on the old channels; every watcher subscribes to the new
// ones, keeps the old ones until the new messages channel is live (so no event falls between),
// and then lets them go. A client that missed the announcement (it was offline) is refused on the
// old names at its next subscription, asks the app for the current ones, and moves the same way;
// if the app says the room is gone for it, its watchers hear `onLost`.
import type PusherClient from "pusher-js";
import type { Channel, PresenceChannel } from "pusher-js";
import { retryDelayMs } from "@/lib/client/backoff";
import { roomRekeyedEvent, type RoomChannelNames, type RoomRekeyedEvent } from "@/lib/realtime/channels";

export type { RoomChannelNames };

/** What the app says about a room's channels: its current names, or that the room is gone for this person. */
export type ChannelLookup = { status: "current"; channels: RoomChannelNames } | { status: "gone"; reason: "removed" | "signed-out" };

/** Asks the app (GET /api/rooms/{id}/channels); throws when it cannot tell (network, 429, 5xx). */
export type FetchChannels = (roomId: string) => Promise<ChannelLookup>;

export interface PresenceMember<Info = unknown> {
  id: string;
  info: Info;
}

export interface RoomWatchHandlers<Info = unknown> {
  /** Subscribe to the messages channel (live events, `onSubscribed`). */
  messages?: boolean;
  /** Subscribe to the presence channel (`onMembers`, client events). */
  presence?: boolean;
  /** A live event on the current messages channel (message.created, room.updated …). */
  onEvent?: (event: string, data: unknown) => void;
  /** The current messages channel was (re)subscribed: live events flow from here; fill what came before. */
  onSubscribed?: () => void;
  /** Who is online, from the current presence channel, every time it changes. */
  onMembers?: (members: PresenceMember<Info>[]) => void;
  /** A member left the current presence channel. */
  onMemberRemoved?: (userId: string) => void;
  /** `client-` events to listen for on the presence channel. */
  clientEvents?: string[];
  /** One of `clientEvents` on the current presence channel, with the sender's user id. */
  onClientEvent?: (event: string, data: unknown, userId: string | undefined) => void;
  /** The app says this person may no longer read the room. */
  onLost?: (reason: "removed" | "signed-out") => void;
  /** The room is moving to new channel names: live events are not to be trusted until `onSubscribed`. */
  onMoving?: () => void;
  /** A refused subscription is being retried (the app was busy or unreachable), or it worked again. */
  onRetrying?: (retrying: boolean) => void;
}

export interface RoomWatch {
  /** The current presence channel, once subscribed (to send client events on). */
  presence(): PresenceChannel | null;
  stop(): void;
}

interface Binding {
  names: RoomChannelNames;
  messages: Channel | null;
  presence: PresenceChannel | null;
  unbind: () => void;
}

interface Watcher {
  roomId: string;
  handlers: RoomWatchHandlers;
  current: Binding | null;
  /** The generation being moved to, until its channels are live. */
  next: Binding | null;
  stopped: boolean;
}

interface RoomState {
  names: RoomChannelNames;
  watchers: Set<Watcher>;
  verifying: boolean;
  retry: ReturnType<typeof setTimeout> | null;
  lost: false | "removed" | "signed-out";
  retrying: boolean;
  /** Refusals in a row while the names were still current (each waits longer before the next try). */
  refusals: number;
}

const sameNames = (a: RoomChannelNames, b: RoomChannelNames) => a.messages === b.messages && a.presence === b.presence;

/** One per pusher-js client: every room it watches, and how many watchers hold each channel. */
export class RoomChannels {
  private readonly rooms = new Map<string, RoomState>();
  private readonly holds = new Map<string, number>();

  constructor(
    private readonly pusher: PusherClient,
    private readonly fetchChannels: FetchChannels,
  ) {}

  /** The names this client currently holds for a room. */
  names(roomId: string): RoomChannelNames | undefined {
    return this.rooms.get(roomId)?.names;
  }

  /**
   * Follows a room's channels from `names` (as the page was rendered with) through every
   * generation after it, until `stop()`.
   */
  watch<Info = unknown>(roomId: string, names: RoomChannelNames, handlers: RoomWatchHandlers<Info>): RoomWatch {
    let room = this.rooms.get(roomId);
    if (!room) {
      room = { names, watchers: new Set(), verifying: false, retry: null, lost: false, retrying: false, refusals: 0 };
      this.rooms.set(roomId, room);
    }
    const watcher: Watcher = { roomId, handlers: handlers as RoomWatchHandlers, current: null, next: null, stopped: false };
    room.watchers.add(watcher);
    watcher.current = this.bind(watcher, room.names, true);
    const lost = room.lost;
    if (lost) queueMicrotask(() => watcher.handlers.onLost?.(lost));
    return {
      presence: () => (watcher.current?.presence?.subscribed ? watcher.current.presence : null),
      stop: () => this.stop(watcher),
    };
  }

  /** Moves every watcher of the room to `names` (from `room.rekeyed`, or from the app after a refusal). */
  rekey(roomId: string, names: RoomChannelNames): void {
    const room = this.rooms.get(roomId);
    if (!room || room.lost || sameNames(room.names, names)) return;
    room.names = names;
    for (const watcher of room.watchers) {
      if (watcher.next) this.release(watcher.next);
      watcher.handlers.onMoving?.();
      watcher.next = this.bind(watcher, names, false);
    }
  }

  private setRetrying(roomId: string, retrying: boolean): void {
    const room = this.rooms.get(roomId);
    if (!room || room.retrying === retrying) return;
    room.retrying = retrying;
    if (!retrying) room.refusals = 0;
    for (const watcher of room.watchers) watcher.handlers.onRetrying?.(retrying);
  }

  private stop(watcher: Watcher): void {
    if (watcher.stopped) return;
    watcher.stopped = true;
    if (watcher.current) this.release(watcher.current);
    if (watcher.next) this.release(watcher.next);
    watcher.current = watcher.next = null;
    const room = this.rooms.get(watcher.roomId);
    if (!room) return;
    room.watchers.delete(watcher);
    if (room.watchers.size === 0) {
      if (room.retry) clearTimeout(room.retry);
      this.rooms.delete(watcher.roomId);
    }
  }

  private hold(name: string): Channel {
    this.holds.set(name, (this.holds.get(name) ?? 0) + 1);
    // pusher-js keeps one Channel per name; subscribing again to a held one changes nothing, and
    // re-authorizes one whose authorization was refused.
    return this.pusher.subscribe(name);
  }

  private letGo(name: string): void {
    const count = (this.holds.get(name) ?? 0) - 1;
    if (count > 0) return void this.holds.set(name, count);
    this.holds.delete(name);
    this.pusher.unsubscribe(name);
  }

  private release(binding: Binding): void {
    binding.unbind();
    if (binding.messages) this.letGo(binding.names.messages);
    if (binding.presence) this.letGo(binding.names.presence);
  }

  /** The generation `binding` belongs to is now the watcher's: the one before it goes. */
  private promote(watcher: Watcher, binding: Binding): void {
    if (watcher.next !== binding) return;
    if (watcher.current) this.release(watcher.current);
    watcher.current = binding;
    watcher.next = null;
  }

  private bind(watcher: Watcher, names: RoomChannelNames, initial: boolean): Binding {
    const { handlers } = watcher;
    const unbinders: (() => void)[] = [];
    const on = (channel: Channel, event: string, callback: (...args: never[]) => void) => {
      channel.bind(event, callback);
      unbinders.push(() => channel.unbind(event, callback));
    };
    const binding: Binding = { names, messages: null, presence: null, unbind: () => unbinders.splice(0).forEach((u) => u()) };
    const isCurrent = () => watcher.current === binding;
    const onRekeyed = (data: RoomRekeyedEvent) => {
      if (data?.channels?.messages && data.channels.presence) this.rekey(watcher.roomId, data.channels);
    };
    const onRefused = () => this.verify(watcher.roomId, names);

    if (handlers.messages !== false) {
      const channel = this.hold(names.messages);
      binding.messages = channel;
      on(channel, roomRekeyedEvent, onRekeyed);
      on(channel, "pusher:subscription_error", onRefused);
      on(channel, "pusher:subscription_succeeded", () => {
        if (!initial) this.promote(watcher, binding);
        if (!isCurrent()) return;
        this.setRetrying(watcher.roomId, false);
        handlers.onSubscribed?.();
      });
      // Until the new generation is live the old one delivers; from then on only the new one.
      const forward = (event: string, data: unknown) => {
        if (isCurrent() && !event.startsWith("pusher:") && event !== roomRekeyedEvent) handlers.onEvent?.(event, data);
      };
      channel.bind_global(forward);
      unbinders.push(() => channel.unbind_global(forward));
      if (channel.subscribed && initial) queueMicrotask(() => isCurrent() && handlers.onSubscribed?.());
    }

    if (handlers.presence) {
      const channel = this.hold(names.presence) as PresenceChannel;
      binding.presence = channel;
      const members = () => {
        if (!isCurrent() || !channel.subscribed) return;
        const list: PresenceMember[] = [];
        channel.members.each((member: PresenceMember) => list.push({ id: member.id, info: member.info }));
        handlers.onMembers?.(list);
      };
      on(channel, roomRekeyedEvent, onRekeyed);
      on(channel, "pusher:subscription_error", onRefused);
      on(channel, "pusher:subscription_succeeded", () => {
        // A presence-only watcher moves when its presence channel is live.
        if (!initial && !binding.messages) this.promote(watcher, binding);
        members();
      });
      on(channel, "pusher:member_added", members);
      on(channel, "pusher:member_removed", (member: { id: string }) => {
        members();
        if (isCurrent()) handlers.onMemberRemoved?.(member.id);
      });
      for (const event of handlers.clientEvents ?? []) {
        on(channel, event, (data: unknown, metadata?: { user_id?: string }) => {
          if (isCurrent()) handlers.onClientEvent?.(event, data, metadata?.user_id);
        });
      }
      // When the messages channel promotes the binding first, the presence list switches then.
      if (binding.messages) on(binding.messages, "pusher:subscription_succeeded", members);
      if (channel.subscribed && initial) queueMicrotask(members);
    }
    return binding;
  }

  /**
   * A subscription to `names` was refused: ask the app which names are current. New names: move
   * there. The same names (a refusal that was not about membership, such as a 429): subscribe
   * again after a while. Gone: tell the watchers. A lookup that fails is retried with backoff
   * while anyone still watches.
   */
  private verify(roomId: string, refused: RoomChannelNames, attempt = 0): void {
    const room = this.rooms.get(roomId);
    if (!room || room.lost || room.verifying || (attempt === 0 && room.retry)) return;
    room.verifying = true;
    const again = () => {
      this.setRetrying(roomId, true);
      room.retry = setTimeout(() => {
        room.retry = null;
        this.verify(roomId, refused, attempt + 1);
      }, retryDelayMs(attempt));
    };
    this.fetchChannels(roomId).then(
      (lookup) => {
        room.verifying = false;
        if (this.rooms.get(roomId) !== room) return;
        if (lookup.status === "gone") {
          room.lost = lookup.reason;
          for (const watcher of room.watchers) watcher.handlers.onLost?.(lookup.reason);
        } else if (!sameNames(lookup.channels, room.names)) {
          this.rekey(roomId, lookup.channels);
        } else if (sameNames(lookup.channels, refused)) {
          // Still ours: the refusal was about something else (a 429, a 5xx). Ask pusher-js to authorize again.
          this.setRetrying(roomId, true);
          room.retry = setTimeout(() => {
            room.retry = null;
            if (this.rooms.get(roomId) !== room) return;
            for (const name of [refused.messages, refused.presence]) if (this.holds.has(name)) this.pusher.subscribe(name);
          }, retryDelayMs(room.refusals++));
        }
      },
      () => {
        room.verifying = false;
        if (this.rooms.get(roomId) === room) again();
      },
    );
  }
}

/** The browser's lookup: GET /api/rooms/{id}/channels with the session cookie. */
export const fetchChannelsFromApi: FetchChannels = async (roomId) => {
  const response = await fetch(`/api/rooms/${encodeURIComponent(roomId)}/channels`, { cache: "no-store" });
  if (response.ok) return { status: "current", channels: ((await response.json()) as { channels: RoomChannelNames }).channels };
  if (response.status === 401) return { status: "gone", reason: "signed-out" };
  if (response.status === 403 || response.status === 404) return { status: "gone", reason: "removed" };
  throw new Error(`HTTP ${response.status}`);
};
