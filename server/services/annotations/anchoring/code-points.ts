/**
 * Offsets in annotation selectors count Unicode code points (what the W3C Web Annotation model
 * calls characters), while JavaScript strings, DOM Ranges and approx-string-match count UTF-16
 * code units. The two differ only when a text holds astral characters (emoji, some CJK and
 * mathematical letters), which take two units. These helpers convert at the boundary: selectors
 * stored and exchanged in code points, every computation inside the engine in UTF-16 units.
 */

/** Whether a text holds any surrogate pair; when not, both offset systems agree (the fast path). */
export function hasAstral(text: string): boolean {
  return /[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(text);
}

/** Length of a text in code points. */
export function codePointLength(text: string): number {
  if (!hasAstral(text)) return text.length;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/**
 * The UTF-16 offset of code point `offset` in `text`.
 * @throws RangeError when the offset is negative, fractional or past the end.
 */
export function toUtf16Offset(text: string, offset: number): number {
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`Code point offset ${offset} is not a non-negative integer`);
  if (!hasAstral(text)) {
    if (offset > text.length) throw new RangeError(`Code point offset ${offset} outside of text of length ${text.length}`);
    return offset;
  }
  let unit = 0;
  for (let cp = 0; cp < offset; cp++) {
    if (unit >= text.length) throw new RangeError(`Code point offset ${offset} outside of text of length ${codePointLength(text)}`);
    unit += isPairAt(text, unit) ? 2 : 1;
  }
  return unit;
}

/**
 * The code point offset of UTF-16 offset `unit` in `text`.
 * @throws RangeError when the offset is out of range or splits a surrogate pair.
 */
export function toCodePointOffset(text: string, unit: number): number {
  if (!Number.isInteger(unit) || unit < 0 || unit > text.length) throw new RangeError(`UTF-16 offset ${unit} outside of text of length ${text.length}`);
  if (!hasAstral(text)) return unit;
  if (unit > 0 && unit < text.length && isPairAt(text, unit - 1)) throw new RangeError(`UTF-16 offset ${unit} splits a surrogate pair`);
  let cp = 0;
  for (let i = 0; i < unit; i++) {
    if (isPairAt(text, i)) i++;
    cp++;
  }
  return cp;
}

/** Whether a UTF-16 offset falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, unit: number): boolean {
  return unit > 0 && unit < text.length && isPairAt(text, unit - 1);
}

function isPairAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return false;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff;
}
