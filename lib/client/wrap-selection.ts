export interface WrappedSelection {
  value: string;
  start: number;
  end: number;
}

/**
 * Wraps value[start, end) in `marker` on both sides (Ctrl/Cmd+B, Ctrl/Cmd+I in the composer). The
 * wrapped text stays selected; with nothing selected the pair is inserted and the caret goes between.
 * A selection already wrapped in the marker (inside or just outside it) is unwrapped instead.
 */
export function wrapSelection(value: string, start: number, end: number, marker: string): WrappedSelection {
  const from = Math.max(0, Math.min(start, end, value.length));
  const to = Math.min(value.length, Math.max(start, end));
  const selected = value.slice(from, to);
  const n = marker.length;
  if (selected.length >= 2 * n && selected.startsWith(marker) && selected.endsWith(marker)) {
    const inner = selected.slice(n, -n);
    return { value: value.slice(0, from) + inner + value.slice(to), start: from, end: from + inner.length };
  }
  if (to > from && value.slice(from - n, from) === marker && value.slice(to, to + n) === marker) {
    return { value: value.slice(0, from - n) + selected + value.slice(to + n), start: from - n, end: to - n };
  }
  return { value: value.slice(0, from) + marker + selected + marker + value.slice(to), start: from + n, end: to + n };
}
