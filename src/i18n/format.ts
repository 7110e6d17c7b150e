import { getLocale } from './catalog.js';

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.345],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** Formats a time relative to `now` ("3 days ago") in the current locale. */
export function formatRelativeTime(time: number, now: number = Date.now()): string {
  let amount = (time - now) / 1000;
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(amount) < size) {
      return new Intl.RelativeTimeFormat(getLocale(), { numeric: 'auto' }).format(Math.round(amount), unit);
    }
    amount /= size;
  }
  return formatDateTime(time);
}

/** Formats an exact date and time in the current locale. */
export function formatDateTime(time: number): string {
  return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(time);
}

export function formatDate(time: number): string {
  return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'medium' }).format(time);
}

/** Formats a size in bytes with the largest fitting unit ("1.4 MB"). */
export function formatBytes(bytes: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let index = 0;
  while (value >= 1000 && index < units.length - 1) {
    value /= 1000;
    index += 1;
  }
  return new Intl.NumberFormat(getLocale(), {
    style: 'unit',
    unit: units[index],
    unitDisplay: 'short',
    maximumFractionDigits: index === 0 ? 0 : 1,
  }).format(value);
}

/**
 * Formats numbers as a list in the current locale ("3, 5, and 9"); with
 * `truncated`, an ellipsis after the last one says that more were left out.
 */
export function formatNumberList(values: readonly number[], truncated = false): string {
  const locale = getLocale();
  const numbers = values.map((value) => new Intl.NumberFormat(locale).format(value));
  const list = new Intl.ListFormat(locale, { type: 'conjunction', style: 'long' }).format(numbers);
  return truncated ? `${list}…` : list;
}
