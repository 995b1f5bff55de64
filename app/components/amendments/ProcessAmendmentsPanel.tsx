import { Link } from "@remix-run/react";

/**
 * The process page's small "Amendments" panel: a link to the process's amendments and how to
 * propose one (for a budget, a direct "Propose moving money between lines" while the phase is
 * open). Its few strings arrive translated in the loader data, so the reading page does not
 * carry the whole "amendments" namespace (the reading page's HTML has a size budget).
 */
export interface AmendmentsPanelData {
  slug: string;
  heading: string;
  link: string;
  howTo: string | null;
  /** Budgets, amendments phase open: the call to action leading to the proposal form. */
  propose: string | null;
}

export function ProcessAmendmentsPanel({ panel }: { panel: AmendmentsPanelData }) {
  const list = `/processes/${panel.slug}/amendments`;
  return (
    <section className="amendments-panel" aria-labelledby="amendments-panel-heading">
      <h2 id="amendments-panel-heading">{panel.heading}</h2>
      {panel.howTo ? <p>{panel.howTo}</p> : null}
      <p className="amendments-panel__links">
        {panel.propose ? (
          <Link to={`${list}#propose-heading`} className="button">
            {panel.propose}
          </Link>
        ) : null}
        <Link to={list} className={panel.propose ? "button button--quiet" : undefined}>
          {panel.link}
        </Link>
      </p>
    </section>
  );
}
