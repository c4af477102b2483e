// npm run db:seed — demo data for development. Idempotent: every write is an upsert that leaves
// existing rows alone, so running it twice (or on every `npm run dev`) changes nothing.
import { prisma } from "@/lib/db";
import { hashPassword } from "@/lib/password";

export const demoPassword = "parley-demo";
export const demoUsers = [
  { email: "alice@parley.dev", name: "Alice Adams" },
  { email: "bob@parley.dev", name: "Bob Brown" },
] as const;

export async function seed(): Promise<void> {
  const passwordHash = await hashPassword(demoPassword);
  const [alice, bob] = await Promise.all(
    demoUsers.map((user) =>
      prisma.user.upsert({ where: { email: user.email }, update: {}, create: { ...user, passwordHash }, select: { id: true } }),
    ),
  );
  const room = await prisma.room.upsert({
    where: { slug: "general" },
    update: {},
    create: {
      slug: "general",
      name: "General",
      description: "Company-wide chat. Say hello!",
      visibility: "PUBLIC",
      createdById: alice!.id,
    },
    select: { id: true },
  });
  for (const [user, role] of [
    [alice!, "OWNER"],
    [bob!, "MEMBER"],
  ] as const) {
    await prisma.membership.upsert({
      where: { roomId_userId: { roomId: room.id, userId: user.id } },
      update: {},
      create: { roomId: room.id, userId: user.id, role },
    });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  seed()
    .then(() => {
      console.log(`Seeded demo data. Sign in as ${demoUsers.map((u) => u.email).join(" or ")}, password: ${demoPassword}`);
    })
    .catch((error: unknown) => {
      console.error("Seeding failed:", error instanceof Error ? error.message : error);
      process.exitCode = 1;
    })
    .finally(() => prisma.$disconnect());
}
