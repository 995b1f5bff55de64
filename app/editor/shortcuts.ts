/**
 * The draft editor's keyboard shortcuts: the ProseMirror key name bound in the editor and how
 * the page lists it. Kept apart from the editor code (no ProseMirror imports) so the route can
 * render the list on the server, for people who read the page before the editor loads.
 */
export interface Shortcut {
  /** ProseMirror key name ("Mod" is Ctrl, or Cmd on a Mac). */
  key: string;
  /** Keys as shown to people. */
  display: string;
  /** Message key in the "editor" namespace. */
  label: string;
}

/** Structural commands use Alt+Shift: Ctrl+Alt is AltGr on European keyboards (it types @ and #). */
export const SHORTCUTS = {
  save: { key: "Mod-s", display: "Ctrl+S", label: "editor.action.save" },
  undo: { key: "Mod-z", display: "Ctrl+Z", label: "editor.action.undo" },
  redo: { key: "Shift-Mod-z", display: "Ctrl+Shift+Z / Ctrl+Y", label: "editor.action.redo" },
  bold: { key: "Mod-b", display: "Ctrl+B", label: "editor.action.bold" },
  italic: { key: "Mod-i", display: "Ctrl+I", label: "editor.action.italic" },
  article: { key: "Alt-Shift-a", display: "Alt+Shift+A", label: "editor.action.addArticle" },
  paragraph: { key: "Alt-Shift-p", display: "Alt+Shift+P", label: "editor.action.addParagraph" },
  listItem: { key: "Alt-Shift-l", display: "Alt+Shift+L", label: "editor.action.addListItem" },
  chapter: { key: "Alt-Shift-c", display: "Alt+Shift+C", label: "editor.action.addChapter" },
  budgetLine: { key: "Alt-Shift-b", display: "Alt+Shift+B", label: "editor.action.addBudgetLine" },
  split: { key: "Enter", display: "Enter", label: "editor.shortcut.split" },
  lineBreak: { key: "Shift-Enter", display: "Shift+Enter", label: "editor.shortcut.lineBreak" },
  toolbar: { key: "", display: "← → Home End", label: "editor.shortcut.toolbar" },
} satisfies Record<string, Shortcut>;

export type ShortcutName = keyof typeof SHORTCUTS;
