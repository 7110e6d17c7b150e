import type { Delimiter, TextEncodingName } from './types.js';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

/**
 * Detects the encoding of a text file: a byte order mark first (UTF-8,
 * UTF-16LE, UTF-16BE), then strict UTF-8, and Windows-1252 when the bytes
 * are not valid UTF-8. Windows-1252 decodes any byte sequence, so it is the
 * last resort rather than a guess among legacy code pages.
 */
export function detectEncoding(bytes: Uint8Array): TextEncodingName {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8-bom';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return isUtf8(bytes) ? 'utf-8' : 'windows-1252';
}

/** Bytes checked at a time, so that checking a large file never decodes its whole text at once. */
const CHECK_BYTES = 1 << 20;

function isUtf8(bytes: Uint8Array): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for (let start = 0; start < bytes.length; start += CHECK_BYTES) {
      decoder.decode(bytes.subarray(start, start + CHECK_BYTES), { stream: true });
    }
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

/** Decodes bytes with a detected or chosen encoding; a byte order mark is never part of the text. */
export function decodeText(bytes: Uint8Array, encoding: TextEncodingName | 'auto' = 'auto'): DecodedText {
  const chosen = encoding === 'auto' ? detectEncoding(bytes) : encoding;
  const label = chosen === 'utf-8-bom' ? 'utf-8' : chosen;

  // TextDecoder drops a BOM that matches its own encoding; the replace
  // covers one left by a user's override to another encoding.
  const text = new TextDecoder(label).decode(bytes).replace(/^\uFEFF/, '');
  return { text, encoding: chosen };
}

export interface SeparatorLine {
  delimiter: Delimiter;
  /** Characters to skip: the `sep=` line and its line break. */
  length: number;
}

const SEPARATOR_LINE = /^"?sep=([,;\t|])"?[ \t]*(?:\r\n|\r|\n|$)/i;

/** Reads Excel's `sep=;` first line, which names the delimiter and is not data. */
export function readSeparatorLine(text: string): SeparatorLine | undefined {
  const match = SEPARATOR_LINE.exec(text);
  if (!match?.[1]) return undefined;
  return { delimiter: match[1] as Delimiter, length: match[0].length };
}
