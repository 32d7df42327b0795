import type { ReactNode } from 'react';
import { ErrorAlert, Loading } from './feedback';
import { Pagination } from './pagination';
import { TableRegion } from './table-region';

type Page<T> = { items: T[]; total: number };

/**
 * One page of a list as a table, with what every list page shows around it: the error, the loading
 * note, the empty text, the scrolling region with the table's caption, and the pager.
 * `children` renders the table's head and body for the page's items.
 */
export function PagedTable<T>({
  data,
  isPending,
  error,
  caption,
  empty,
  page,
  pageSize,
  onPage,
  children,
}: {
  data: Page<T> | undefined;
  isPending: boolean;
  error: unknown;
  caption: string;
  empty: string;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  children: (items: T[]) => ReactNode;
}) {
  return (
    <>
      <ErrorAlert error={error} />
      {isPending ? <Loading /> : null}
      {data && data.items.length === 0 ? <p>{empty}</p> : null}
      {data && data.items.length > 0 ? (
        <TableRegion label={caption}>
          <table className="ag-table">
            <caption className="visually-hidden">{caption}</caption>
            {children(data.items)}
          </table>
        </TableRegion>
      ) : null}
      {data ? <Pagination page={page} pageSize={pageSize} total={data.total} onPage={onPage} /> : null}
    </>
  );
}
