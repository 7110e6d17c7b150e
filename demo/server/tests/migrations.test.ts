import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from '../db.js';
import { Stores } from '../stores.js';

describe('schema migrations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'all-users-db-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('derive the search terms of a version 2 database again', () => {
    const path = join(dir, 'terms.db');
    const db = openDatabase(path);
    const stores = new Stores(db, {});
    const cleo = stores.users.create({ name: 'Cleo Park', identifiers: [{ kind: 'phone', value: '+447700900123' }] });

    // Version 2 stored a term for every run of a number's digits.
    db.exec('DELETE FROM search_terms');
    const insert = db.prepare('INSERT INTO search_terms (term, user_seq) SELECT ?, seq FROM users WHERE id = ?');
    for (let start = 0; start <= 9; start++) insert.run(`p${'447700900123'.slice(start)}`, cleo.id);
    db.pragma('user_version = 2');
    db.close();

    const upgraded = openDatabase(path);
    const search = (text: string): string[] => new Stores(upgraded, {}).users.query(0, 10, { field: 'name', direction: 'asc' }, { search: text }).items.map((user) => user.name);
    const terms = upgraded.prepare('SELECT term FROM search_terms ORDER BY term').pluck().all();

    assert.deepEqual(search('07700 900'), ['Cleo Park']);
    assert.deepEqual(search('cleo'), ['Cleo Park']);
    assert.deepEqual(search('0090'), []);
    assert.deepEqual(terms, ['ncleo park', 'npark', 'p447700900123', 'p7700900123', 'r321009007744']);
    upgraded.close();
  });
});
