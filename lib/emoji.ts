// The emoji people can react with: a fixed set with names to search by. The server accepts only
// these (lib/schemas/reactions.ts), so a reaction is never arbitrary text.

export interface EmojiEntry {
  emoji: string;
  name: string;
}

/** Shown first in the picker. */
export const commonEmoji = ["👍", "❤️", "😂", "🎉", "😮", "😢", "👀", "✅", "🙏", "🔥", "💯", "🚀"];

export const emojiList: EmojiEntry[] = [
  ["👍", "thumbs up yes agree +1"], ["👎", "thumbs down no -1"], ["❤️", "heart love"], ["😂", "joy laughing tears"], ["🎉", "tada party celebrate"],
  ["😮", "open mouth surprised wow"], ["😢", "cry sad tear"], ["👀", "eyes looking"], ["✅", "check done yes"], ["🙏", "pray thanks please"],
  ["🔥", "fire hot lit"], ["💯", "hundred perfect"], ["🚀", "rocket ship launch"], ["😀", "grinning smile happy"], ["😃", "smiley happy"],
  ["😄", "smile happy"], ["😁", "grin"], ["😅", "sweat smile relief"], ["🤣", "rofl rolling laughing"], ["🙂", "slight smile"],
  ["😉", "wink"], ["😊", "blush smile"], ["😍", "heart eyes love"], ["🥰", "smiling hearts love"], ["😘", "kiss"],
  ["😎", "cool sunglasses"], ["🤔", "thinking hmm"], ["🤨", "raised eyebrow skeptical"], ["😐", "neutral"], ["😑", "expressionless"],
  ["🙄", "eye roll"], ["😏", "smirk"], ["😬", "grimace awkward"], ["🤯", "mind blown exploding head"], ["😴", "sleeping tired"],
  ["🤒", "sick thermometer"], ["🤢", "nauseated sick"], ["🥳", "partying celebrate"], ["🥺", "pleading"], ["😭", "sob crying"],
  ["😡", "angry rage"], ["😱", "scream fear"], ["🤗", "hug"], ["🤝", "handshake deal"], ["👏", "clap applause"],
  ["🙌", "raised hands hooray"], ["👋", "wave hello bye"], ["💪", "muscle strong flex"], ["🫡", "salute"], ["🤞", "fingers crossed luck"],
  ["👌", "ok perfect"], ["✌️", "victory peace"], ["☝️", "point up"], ["👉", "point right"], ["👈", "point left"],
  ["💡", "bulb idea"], ["⚠️", "warning caution"], ["❌", "cross no wrong"], ["❓", "question"], ["❗", "exclamation important"],
  ["⭐", "star favourite"], ["✨", "sparkles"], ["🌟", "glowing star"], ["💥", "boom collision"], ["🎯", "target bullseye"],
  ["🏆", "trophy win"], ["🥇", "first place gold medal"], ["📌", "pin pushpin"], ["📎", "paperclip attachment"], ["📝", "memo note"],
  ["📅", "calendar date"], ["⏰", "alarm clock time"], ["⏳", "hourglass waiting"], ["🐛", "bug"], ["🛠️", "tools fix"],
  ["🔧", "wrench fix"], ["🔒", "lock secure"], ["🔑", "key"], ["💻", "laptop computer"], ["📱", "phone mobile"],
  ["☕", "coffee"], ["🍕", "pizza"], ["🍺", "beer"], ["🎂", "cake birthday"], ["🍰", "cake"],
  ["🌈", "rainbow"], ["☀️", "sun sunny"], ["🌧️", "rain"], ["❄️", "snow cold"], ["🌍", "globe world earth"],
  ["🐶", "dog puppy"], ["🐱", "cat kitten"], ["🦄", "unicorn"], ["🐢", "turtle slow"], ["🐙", "octopus"],
  ["💚", "green heart"], ["💙", "blue heart"], ["💜", "purple heart"], ["🧡", "orange heart"], ["💛", "yellow heart"],
  ["🖤", "black heart"], ["💔", "broken heart"], ["➕", "plus add"], ["➖", "minus"], ["🆗", "ok button"],
].map(([emoji, name]) => ({ emoji: emoji!, name: name! }));

const allowed = new Set(emojiList.map((e) => e.emoji));

export function isReactionEmoji(value: string): boolean {
  return allowed.has(value);
}

/** The emoji whose name has a word starting with `query` (all of them for an empty query). */
export function searchEmoji(query: string): EmojiEntry[] {
  const q = query.trim().toLowerCase();
  if (!q) return emojiList;
  return emojiList.filter((e) => e.name.split(" ").some((word) => word.startsWith(q)));
}
