/** The public settings pusher-js needs; safe to send to the browser (no secret in here). */
export interface RealtimeClientConfig {
  key: string;
  cluster: string;
  wsHost?: string;
  wsPort?: number;
  forceTLS: boolean;
  encrypted: boolean;
}
