// npm run realtime — the built-in Pusher-protocol server, configured by environment variables
// (see README "Realtime"). SIGINT/SIGTERM close every connection with 4200 so clients reconnect.
import { optionsFromEnv } from "./config";
import { startRealtimeServer } from "./server";

process.on("unhandledRejection", (reason) => {
  console.error(JSON.stringify({ level: "error", service: "realtime", msg: "unhandled rejection", error: String(reason) }));
});

try {
  const server = await startRealtimeServer(optionsFromEnv(process.env));
  const shutdown = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (error) {
  console.error(`Realtime server failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
