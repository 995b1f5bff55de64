/** One page of a list, with what the pager needs. */
export interface Page<T> {
  rows: T[];
  total: number;
  /** 1-based, clamped to the existing pages. */
  page: number;
  pageCount: number;
  pageSize: number;
}

/** Clamps a requested 1-based page number to the pages `total` rows make; returns page and offset. */
export function pageWindow(requested: number, total: number, pageSize: number): { page: number; pageCount: number; offset: number } {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.trunc(requested) || 1), pageCount);
  return { page, pageCount, offset: (page - 1) * pageSize };
}
