/**
 * Returns a generator of time-ordered ids: 16 characters of base 62
 * (`0-9`, `A-Z`, `a-z`, which sort in that order), each sorting after every
 * id the same generator returned before. Chromium's IndexedDB stores keys
 * that arrive in order with less work than random keys when a write spans
 * many transactions, as an import's batches do. Every index entry contains
 * its record's key twice, so the key's length counts as well: putting
 * 300,000 users took 27–38% less time with 8-character keys than with
 * 36-character UUIDs (two runs each, on a loaded 2-core machine).
 *
 * Layout: 8 characters of epoch ms, then an 8-character counter that
 * starts at a random value below 2^46 on each new ms and counts up within
 * one. Two generators in the same ms collide only when their random starts
 * lie closer than the number of ids they make. When the clock goes back,
 * the last time is kept.
 */
export function timeOrderedIds(now: () => number = Date.now): () => string {
  let lastTime = -1;
  let counter = 0;
  const random = new Uint32Array(2);

  return () => {
    const time = Math.max(lastTime, Math.floor(now()));
    if (time !== lastTime) {
      crypto.getRandomValues(random);
      lastTime = time;
      counter = ((random[0] as number) & 0x3fff) * 2 ** 32 + (random[1] as number);
    } else {
      counter++;
    }
    return base62(time, 8) + base62(counter, 8);
  };
}

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Writes a non-negative integer below 62^width in base 62, padded with zeros to `width` characters. */
function base62(value: number, width: number): string {
  let text = '';
  for (let rest = value; text.length < width; rest = Math.floor(rest / 62)) text = (DIGITS[rest % 62] as string) + text;
  return text;
}
