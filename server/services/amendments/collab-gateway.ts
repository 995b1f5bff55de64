/**
 * What amendment services ask of the collaboration server: write a document's pending changes
 * now (before reading the store to freeze it), and re-check everyone connected to a document
 * after its permissions changed. `context.app.collab` satisfies it; tests may pass a recorder.
 */
export interface AmendmentCollab {
  flush(document: string): void;
  reauthorize(document: string): void;
}
