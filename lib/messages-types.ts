// The message shape the API returns and the browser renders (no server imports here).
export interface MessageDto {
  id: string;
  roomId: string;
  author: { id: string; name: string };
  /** Null once deleted: the UI shows "message deleted". */
  body: string | null;
  clientId: string;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  /** The people the author mentioned by name (resolved and stored by the server when it was sent). */
  mentions: { id: string; name: string }[];
  /** Sent with @room: every member was notified. */
  mentionsRoom: boolean;
}
