/**
 * Cursor colours of co-authors: dark enough that their white name labels read at WCAG AA
 * (contrast ≥ 4.5:1 against white text), and told apart by the name on the label, not by hue.
 */
export const CURSOR_PALETTE = ["#0b5c4d", "#1f5fbf", "#8a4b00", "#a3202a", "#6b3fa0", "#9c1d5b", "#3d4a5c", "#5c5a00"] as const;

/** A stable colour for a person (same name, same colour in every browser). */
export function cursorColor(key: string): string {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
  return CURSOR_PALETTE[Math.abs(hash) % CURSOR_PALETTE.length] as string;
}
