import type { ReactNode } from 'react';

/**
 * The scrolling frame around a wide table. It can take focus so keyboard users can scroll it
 * sideways (WCAG 2.1.1), and it is a named region so that focus lands somewhere meaningful.
 */
export function TableRegion({
  label,
  labelledBy,
  className,
  children,
}: {
  label?: string;
  labelledBy?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      className={`table-wrap ag-table-wrap${className ? ` ${className}` : ''}`}
      aria-label={label}
      aria-labelledby={labelledBy}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard
      tabIndex={0}
    >
      {children}
    </section>
  );
}
