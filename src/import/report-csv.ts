import type { ImportReport } from './types.js';

/**
 * Prefixes a cell that a spreadsheet would run as a formula (`=`, `+`, `-`,
 * `@`, tab or carriage return first) with `'`, which spreadsheets show as
 * text and hide.
 */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Quotes a CSV cell when it contains a comma, a quote or a line break (RFC 4180). */
function quoteCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Builds the rejected-rows download: a header, then per rejected row its
 * line number, the reason in English, and the row's original cells. The
 * text starts with a byte order mark so Excel reads it as UTF-8.
 */
export function rejectedRowsCsv(report: Pick<ImportReport, 'rejected' | 'columns' | 'rejectedCells'>): string {
  const lines = [['Line', 'Reason', ...report.columns]];
  for (const rejection of report.rejected) {
    const cells = report.rejectedCells[rejection.line] ?? [];
    lines.push([String(rejection.line), rejection.message, ...cells]);
  }
  return '\uFEFF' + lines.map((cells) => cells.map((cell) => quoteCell(neutralizeCell(cell))).join(',')).join('\r\n') + '\r\n';
}
