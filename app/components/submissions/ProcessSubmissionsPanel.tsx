import { Link } from "@remix-run/react";

/** The process page's "Formal submissions" panel; strings arrive translated in the loader data. */
export interface SubmissionsPanelData {
  slug: string;
  heading: string;
  register: string;
  /** Set while filing is open. */
  file: string | null;
  deadline: string | null;
}

export function ProcessSubmissionsPanel({ panel }: { panel: SubmissionsPanelData }) {
  return (
    <section className="amendments-panel submissions-panel" aria-labelledby="submissions-panel-heading">
      <h2 id="submissions-panel-heading">{panel.heading}</h2>
      {panel.deadline ? <p>{panel.deadline}</p> : null}
      <p className="amendments-panel__links">
        {panel.file ? (
          <Link to={`/processes/${panel.slug}/submissions/new`} className="button">
            {panel.file}
          </Link>
        ) : null}
        <Link to={`/processes/${panel.slug}/submissions`} className={panel.file ? "button button--quiet" : undefined}>
          {panel.register}
        </Link>
      </p>
    </section>
  );
}
