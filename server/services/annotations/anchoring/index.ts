/**
 * The annotation anchoring engine: the W3C selector model of an annotation target and the
 * re-anchoring of annotations from one version to the next. Pure and framework-free; storage
 * and UI build on it. See docs/decisions/0005-annotation-anchoring.md.
 */
export { codePointLength, toCodePointOffset, toUtf16Offset } from "./code-points";
export { ANCHORING_RULES } from "./confidence";
export { reanchor, type AnchoredAnnotation, type OrphanReason, type ReanchorResult } from "./reanchor";
export {
  CONTEXT_LENGTH,
  describeRange,
  verifySelector,
  type AnnotationTarget,
  type RangeSelectors,
  type SelectorCheck,
  type SelectorProblem,
  type TextPositionSelector,
  type TextQuoteSelector,
} from "./selectors";
export { versionText, type ClauseText, type VersionText } from "./version-text";
