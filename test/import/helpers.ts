import { ImportSession } from '../../src/import/session.js';
import type { MappingOptions } from '../../src/import/types.js';

/** Fetches a fixture copied into test/fixtures as a File, the way a file picker hands it over. */
export async function fixtureFile(name: string): Promise<File> {
  const response = await fetch(new URL(`../fixtures/${name}`, import.meta.url));
  if (!response.ok) throw new Error(`Fixture ${name} was not found (${response.status}).`);
  return new File([await response.blob()], name);
}

/** Makes a File from raw bytes or text, for the small inputs a user could type. */
export function fileOf(content: string | Uint8Array, name = 'contacts.csv'): File {
  return new File([content as BlobPart], name);
}

/** Joins byte arrays, such as a byte order mark and encoded text. */
export function bytesOf(...parts: (number[] | Uint8Array | string)[]): Uint8Array {
  const arrays = parts.map((part) => (typeof part === 'string' ? new TextEncoder().encode(part) : Uint8Array.from(part)));
  const result = new Uint8Array(arrays.reduce((length, array) => length + array.length, 0));
  let offset = 0;
  for (const array of arrays) {
    result.set(array, offset);
    offset += array.length;
  }
  return result;
}

export const GB: MappingOptions = { defaultCountry: 'GB', keepUnmappedAsAttributes: false };

/** Opens a session and closes it after the test body, whatever happens. */
export async function withSession<T>(
  source: Blob | string,
  body: (session: ImportSession) => Promise<T>,
): Promise<T> {
  const session = await ImportSession.open(source);
  try {
    return await body(session);
  } finally {
    session.close();
  }
}
