export { startRealtimeServer, type RealtimeServer } from "./server";
export { defaultRealtimeOptions, optionsFromEnv, type RealtimeOptions } from "./config";
