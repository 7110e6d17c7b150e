import { identifierKey } from '../model/identifiers.js';
import type { ImportRecord } from '../data/provider.js';
import type { DuplicateRow } from './types.js';

export interface DedupeResult {
  /** One record per person, in the order of their first row. */
  records: ImportRecord[];
  duplicates: DuplicateRow[];
}

/** The record that owns each identifier key, as deduplication claims them. */
export interface KeyOwners {
  /** Returns the record that owns a key, or -1. */
  ownerOf(key: string): number;
  claim(key: string, owner: number): void;
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
  const byKey = new Map<string, number>();
  const owners: KeyOwners = { ownerOf: (key) => byKey.get(key) ?? -1, claim: (key, owner) => byKey.set(key, owner) };

  for (const record of records) {
    const keys = record.user.identifiers.map(identifierKey);
    const shared = sharedKey(keys, owners);
    if (!shared) {
      const index = merged.length;
      merged.push(cloneRecord(record));
      for (const key of keys) owners.claim(key, index);
      continue;
    }

    const target = merged[shared.owner];
    if (!target) continue;
    duplicates.push({ line: record.line, duplicateOf: target.line, key: shared.key });
    mergeRecord(target, shared.owner, record, keys, owners);
  }

  return { records: merged, duplicates };
}

/** Returns the first of a row's keys that an earlier record owns, with that record. */
export function sharedKey(keys: readonly string[], owners: KeyOwners): { key: string; owner: number } | undefined {
  for (const key of keys) {
    const owner = owners.ownerOf(key);
    if (owner >= 0) return { key, owner };
  }
  return undefined;
}

/** Merges a later row's record into the record `index` that shares one of its keys; returns the keys it claimed. */
export function mergeRecord(target: ImportRecord, index: number, record: ImportRecord, keys: readonly string[], owners: KeyOwners): number {
  let claimed = 0;
  record.user.identifiers.forEach((identifier, position) => {
    const key = keys[position] ?? identifierKey(identifier);
    if (owners.ownerOf(key) >= 0) return;
    target.user.identifiers.push(identifier);
    owners.claim(key, index);
    claimed++;
  });
  for (const [key, value] of Object.entries(record.user.attributes ?? {})) {
    target.user.attributes ??= {};
    if (!target.user.attributes[key]) target.user.attributes[key] = value;
  }
  if (record.extraGroups) target.extraGroups = [...new Set([...(target.extraGroups ?? []), ...record.extraGroups])];
  return claimed;
}

export function cloneRecord(record: ImportRecord): ImportRecord {
  const user = { ...record.user, identifiers: [...record.user.identifiers] };
  if (record.user.attributes) user.attributes = { ...record.user.attributes };
  const copy: ImportRecord = { line: record.line, user };
  if (record.extraGroups) copy.extraGroups = [...record.extraGroups];
  return copy;
}

/** FNV-1a of a string's UTF-16 code units. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * Identifier owners kept as hashes and record numbers in typed arrays
 * (open addressing), so a million keys cost no JS objects. A hash can
 * match another key's, so every hit is confirmed by `owns`, which reads
 * the record again: a collision never merges two people.
 */
export class HashedKeyOwners implements KeyOwners {
  private hashes = new Uint32Array(1 << 12);
  private owners = new Int32Array(1 << 12).fill(-1);
  private size = 0;

  constructor(private readonly owns: (owner: number, key: string) => boolean) {}

  ownerOf(key: string): number {
    const hash = hashOf(key);
    const mask = this.owners.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const owner = this.owners[slot] ?? -1;
      if (owner < 0) return -1;
      if (this.hashes[slot] === hash && this.owns(owner, key)) return owner;
    }
  }

  claim(key: string, owner: number): void {
    if ((this.size + 1) * 2 > this.owners.length) this.grow();
    this.insert(hashOf(key), owner);
    this.size++;
  }

  private insert(hash: number, owner: number): void {
    const mask = this.owners.length - 1;
    let slot = hash & mask;
    while ((this.owners[slot] ?? -1) >= 0) slot = (slot + 1) & mask;
    this.hashes[slot] = hash;
    this.owners[slot] = owner;
  }

  private grow(): void {
    const { hashes, owners } = this;
    this.hashes = new Uint32Array(hashes.length * 2);
    this.owners = new Int32Array(owners.length * 2).fill(-1);
    owners.forEach((owner, slot) => {
      if (owner >= 0) this.insert(hashes[slot] ?? 0, owner);
    });
  }
}
