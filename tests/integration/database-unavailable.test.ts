import net from "node:net";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ErrorBody } from "@/lib/errors";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { route } from "@/lib/http";

// Real Prisma clients against sockets that misbehave the way a sick database server does.
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function fakeServer(onConnection: (socket: net.Socket) => void): Promise<string> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return `postgresql://parley:pw@127.0.0.1:${(server.address() as net.AddressInfo).port}/parley`;
}

async function listUsersAgainst(connectionString: string) {
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString, connectionTimeoutMillis: 1_000 }) });
  cleanups.push(() => client.$disconnect());
  vi.spyOn(console, "error").mockImplementation(() => {});
  const handler = route(async () => Response.json(await client.user.findMany()));
  const response = await handler(new Request("http://localhost/api/users"), { params: Promise.resolve({}) });
  return { response, body: (await response.json()) as ErrorBody };
}

describe("route() when the database is unavailable", () => {
  it.each([
    ["accepts connections but never answers", () => {}],
    ["drops every connection", (socket: net.Socket) => socket.destroy()],
  ])("a server that %s gets 503 with Retry-After", async (_label, onConnection) => {
    const { response, body } = await listUsersAgainst(await fakeServer(onConnection));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(body.error.code).toBe("unavailable");
  });

  it("a port where nothing listens (connection refused) gets 503", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, "127.0.0.1", () => {
        const { port: free } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const { response, body } = await listUsersAgainst(`postgresql://parley:pw@127.0.0.1:${port}/parley`);
    expect(response.status).toBe(503);
    expect(body.error.code).toBe("unavailable");
  });
});
