import { throwIfAborted } from '../data/errors.js';
import type { UserDataProvider } from '../data/provider.js';
import type { ContactIdentifier } from '../model/types.js';
import type { FoundUser } from './plan.js';

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
