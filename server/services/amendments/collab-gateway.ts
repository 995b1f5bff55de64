/**
 * The one thing amendment services ask of the collaboration server: re-check everyone connected
 * to a document after its permissions changed. `context.app.collab` satisfies it; tests may pass
 * a recorder.
 */
export interface AmendmentCollab {
  reauthorize(document: string): void;
}
