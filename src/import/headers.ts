import type { SourceRow } from './parse.js';

/** True when every cell is empty or spaces: a row made only of delimiters. */
export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

const NUMBER = /^[+-]?(?:\d[\d\s.,']*)(?:[eE][+-]?\d+)?%?$/;
const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE_LIKE = /^(?:\d{4}-\d{1,2}-\d{1,2}(?:[T ][\d:.]+Z?)?|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})$/;
const URL_LIKE = /^(?:https?:\/\/|www\.)/i;

/** True for a cell that reads as a value (a number, an e-mail, a date, a URL) rather than a column title. */
export function looksLikeValue(cell: string): boolean {
  const text = cell.trim();
  return NUMBER.test(text) || EMAIL_LIKE.test(text) || DATE_LIKE.test(text) || URL_LIKE.test(text);
}

/** How many leading rows header detection looks at. */
export const HEADER_SEARCH_ROWS = 50;

/**
 * Finds the header among the first rows: the first row about as wide as most
 * rows (at least 60% of the modal cell count), with at least half of that
 * count filled, and more title-like cells than value-like ones. Titles,
 * notes and merged title rows above it fail one of these and are skipped.
 * Returns the index into `rows`, or -1 when the rows read as data from the
 * first one on, so the source has no header.
 */
export function detectHeaderRow(rows: readonly SourceRow[]): number {
  const sample = rows.slice(0, HEADER_SEARCH_ROWS);
  const width = modalWidth(sample);
  if (width === 0) return -1;

  const minimumCells = Math.max(1, Math.ceil(width * 0.6));
  const minimumFilled = Math.max(1, Math.ceil(width / 2));
  let firstWide = -1;

  for (let index = 0; index < sample.length; index++) {
    const cells = sample[index]?.cells ?? [];
    if (isBlankRow(cells) || cells.length < minimumCells) continue;
    if (firstWide === -1) firstWide = index;

    const filled = cells.filter((cell) => cell.trim() !== '');
    if (filled.length < minimumFilled) continue;
    const values = filled.filter(looksLikeValue).length;
    if (values * 2 < filled.length) return index;
    if (index === firstWide) return -1;
  }
  return firstWide;
}

/** Returns the most frequent cell count among non-blank rows, the wider count on a tie. */
function modalWidth(rows: readonly SourceRow[]): number {
  const frequency = new Map<number, number>();
  for (const row of rows) {
    if (isBlankRow(row.cells)) continue;
    frequency.set(row.cells.length, (frequency.get(row.cells.length) ?? 0) + 1);
  }
  let width = 0;
  let times = 0;
  for (const [count, seen] of frequency) {
    if (seen > times || (seen === times && count > width)) {
      width = count;
      times = seen;
    }
  }
  return width;
}

/**
 * Gives every column a distinct label: the trimmed header, `Column 5` for a
 * blank one, and `Phone (2)`, `Phone (3)` for repeats (compared without
 * letter case), so no column hides another.
 */
export function columnLabels(headers: readonly string[], count: number): string[] {
  const taken = new Set<string>();
  const labels: string[] = [];

  for (let index = 0; index < count; index++) {
    const base = (headers[index] ?? '').replace(/\s+/g, ' ').trim() || `Column ${index + 1}`;
    let label = base;
    for (let repeat = 2; taken.has(label.toLowerCase()); repeat++) label = `${base} (${repeat})`;
    taken.add(label.toLowerCase());
    labels.push(label);
  }
  return labels;
}
