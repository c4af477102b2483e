// Fixtures for benchmarks: users, rooms and memberships written straight to the database (fast,
// and not what is being measured), and session cookies minted with the app's secret as next-auth
// would after a sign-in.
import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { roomChannelNames, type RoomChannelNames } from "@/lib/realtime/channels";

export interface BenchUser {
  id: string;
  name: string;
  email: string;
  cookie: string;
}

const newId = () => `b${randomBytes(11).toString("hex")}`;

export async function withDb<T>(databaseUrl: string, work: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/** `count` users with session cookies for the app running with `secret`. */
export async function seedUsers(databaseUrl: string, secret: string, count: number, prefix = "bench"): Promise<BenchUser[]> {
  const users = Array.from({ length: count }, (_, i) => {
    const id = newId();
    return { id, name: `${prefix} user ${i + 1}`, email: `${prefix}-${i + 1}-${id}@bench.test` };
  });
  await withDb(databaseUrl, (db) =>
    db.query(`INSERT INTO "User" (id, email, name) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`, [users.map((u) => u.id), users.map((u) => u.email), users.map((u) => u.name)]),
  );
  return Promise.all(
    users.map(async (user) => {
      const token = await encode({ token: { sub: user.id, uid: user.id, name: user.name, email: user.email }, secret });
      return { ...user, cookie: `next-auth.session-token=${token}` };
    }),
  );
}

export interface SeededRoom {
  id: string;
  slug: string;
  /** Its channel names now (plain, not encrypted: the stacks here run without a master key). */
  channels: RoomChannelNames;
}

/** A private room with `members` in it (the first one owns it). */
export async function seedRoom(databaseUrl: string, members: { id: string }[], name = "Bench room"): Promise<SeededRoom> {
  const id = newId();
  const slug = `bench-${id}`;
  let key = "";
  await withDb(databaseUrl, async (db) => {
    const { rows } = await db.query<{ channelKey: string }>(
      `INSERT INTO "Room" (id, slug, name, visibility, "createdById") VALUES ($1, $2, $3, 'PRIVATE', $4) RETURNING "channelKey"`,
      [id, slug, name, members[0]?.id ?? null],
    );
    key = rows[0]!.channelKey;
    await db.query(
      `INSERT INTO "Membership" ("roomId", "userId", role) SELECT $1, u, CASE WHEN o = 1 THEN 'OWNER'::"Role" ELSE 'MEMBER'::"Role" END FROM unnest($2::text[]) WITH ORDINALITY AS t(u, o)`,
      [id, members.map((m) => m.id)],
    );
  });
  return { id, slug, channels: roomChannelNames({ roomId: id, key, encrypted: false }) };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function machine(): string {
  return `${process.arch}, Node ${process.version}`;
}
