import type { ReactNode } from "react";
import { Pager } from "../Pager";

/** A column heading of a staff table; `className` for alignment (e.g. "num"). */
export interface StaffColumn {
  label: string;
  className?: string;
}

/**
 * The paged table of a staff list page: the empty sentence when there are no rows, otherwise the
 * table inside a focusable, labelled scrolling region (keyboard users can scroll a wide table on a
 * phone, and screen readers announce it by its caption), then the pager.
 */
export function StaffTable({
  captionId,
  caption,
  empty,
  rowCount,
  tableClassName = "data",
  columns,
  children,
  page,
  pageCount,
  pagerLabel,
}: {
  captionId: string;
  caption: string;
  empty: string;
  rowCount: number;
  tableClassName?: string;
  columns: StaffColumn[];
  /** The body rows. */
  children: ReactNode;
  page: number;
  pageCount: number;
  pagerLabel: string;
}) {
  return (
    <>
      {rowCount === 0 ? (
        <p>{empty}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
          <table className={tableClassName}>
            <caption id={captionId} className="visually-hidden">
              {caption}
            </caption>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column.label} scope="col" className={column.className}>
                    {column.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      )}
      <Pager page={page} pageCount={pageCount} label={pagerLabel} />
    </>
  );
}
