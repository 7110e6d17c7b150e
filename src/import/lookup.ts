import { throwIfAborted } from '../data/errors.js';
import type { ImportRecord, UserDataProvider } from '../data/provider.js';
import type { ContactIdentifier } from '../model/types.js';
import { lookupIdentifiers, matchExisting, type FoundUser } from './plan.js';
import { detached } from './table.js';
import type { ExistingMatch } from './types.js';

/** Identifiers per `findByIdentifiers` call while analyzing, unless the caller gives another size. */
const LOOKUP_CHUNK = 500;

/** Looks identifiers up among the provider's users in chunks, reporting identifiers done out of all. */
export async function findExisting(
  identifiers: readonly ContactIdentifier[],
  provider: Pick<UserDataProvider, 'findByIdentifiers'>,
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
  chunkSize = LOOKUP_CHUNK,
): Promise<FoundUser[]> {
  const found: FoundUser[] = [];
  for (let start = 0; start < identifiers.length; start += chunkSize) {
    throwIfAborted(signal);
    const chunk = identifiers.slice(start, start + chunkSize);
    const matches = await provider.findByIdentifiers(chunk, signal ? { signal } : {});
    for (const match of matches) found.push({ identifier: match.identifier, userId: match.user.id, name: match.user.name });
    onProgress?.(Math.min(identifiers.length, start + chunkSize), identifiers.length);
  }
  return found;
}

/**
 * Looks up the identifiers of `recordCount` records, read `chunkSize`
 * records at a time through `readRecords`, and returns the records that
 * belong to existing users. Only the matches are kept, never the
 * identifiers of all records. `identifierCount` is the total the progress
 * counts towards.
 */
export async function findExistingRecords(
  readRecords: (offset: number, limit: number) => ImportRecord[],
  recordCount: number,
  identifierCount: number,
  provider: Pick<UserDataProvider, 'findByIdentifiers'>,
  onProgress?: (done: number, total: number) => void,
  chunkSize = LOOKUP_CHUNK,
): Promise<ExistingMatch[]> {
  const existing: ExistingMatch[] = [];
  let done = 0;
  for (let offset = 0; offset < recordCount; offset += chunkSize) {
    const records = readRecords(offset, chunkSize);
    const identifiers = lookupIdentifiers(records);
    const report = (chunkDone: number) => onProgress?.(done + chunkDone, Math.max(identifierCount, done + chunkDone));
    const found = await findExisting(identifiers, provider, report, undefined, chunkSize);
    done += identifiers.length;
    // TODO: a file of people who are all stored already matches every record, and this list then grows with the file.
    existing.push(...detached(matchExisting(records, found)));
  }
  return existing;
}
