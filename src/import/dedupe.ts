import { identifierKey } from '../model/identifiers.js';
import type { ImportRecord } from '../data/provider.js';
import type { DuplicateRow } from './types.js';

export interface DedupeResult {
  /** One record per person, in the order of their first row. */
  records: ImportRecord[];
  duplicates: DuplicateRow[];
}

/**
 * Merges rows of the same person: a row sharing an identifier key with an
 * earlier row (the same phone in any format, the same e-mail in any letter
 * case) merges into that row. The earlier row keeps its names and values;
 * it gains the later row's other identifiers, the attributes it lacks, and
 * its extra groups. An identifier already owned by a third row stays with
 * that row, because merging two people who only share a household phone
 * through a third row would lose one of them. Each merged row is reported.
 */
export function mergeDuplicates(records: readonly ImportRecord[]): DedupeResult {
  const merged: ImportRecord[] = [];
  const duplicates: DuplicateRow[] = [];
  const owners = new Map<string, number>();

  for (const record of records) {
    const keys = record.user.identifiers.map(identifierKey);
    const sharedKey = keys.find((key) => owners.has(key));

    if (sharedKey === undefined) {
      const index = merged.length;
      merged.push(cloneRecord(record));
      for (const key of keys) owners.set(key, index);
      continue;
    }

    const index = owners.get(sharedKey) ?? 0;
    const target = merged[index];
    if (!target) continue;
    duplicates.push({ line: record.line, duplicateOf: target.line, key: sharedKey });

    record.user.identifiers.forEach((identifier, position) => {
      const key = keys[position] ?? identifierKey(identifier);
      if (owners.has(key)) return;
      owners.set(key, index);
      target.user.identifiers.push(identifier);
    });
    for (const [key, value] of Object.entries(record.user.attributes ?? {})) {
      target.user.attributes ??= {};
      if (!target.user.attributes[key]) target.user.attributes[key] = value;
    }
    if (record.extraGroups) target.extraGroups = [...new Set([...(target.extraGroups ?? []), ...record.extraGroups])];
  }

  return { records: merged, duplicates };
}

function cloneRecord(record: ImportRecord): ImportRecord {
  const user = { ...record.user, identifiers: [...record.user.identifiers] };
  if (record.user.attributes) user.attributes = { ...record.user.attributes };
  const copy: ImportRecord = { line: record.line, user };
  if (record.extraGroups) copy.extraGroups = [...record.extraGroups];
  return copy;
}
