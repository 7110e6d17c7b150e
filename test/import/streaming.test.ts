import { expect } from '@open-wc/testing';
import { suggestMapping } from '../../src/import/mapping.js';
import { memoizedNormalizer } from '../../src/import/normalize.js';
import { planImport, planRecords } from '../../src/import/plan.js';
import { loadSource } from '../../src/import/source.js';
import { DEFAULT_PARSE_SETTINGS, type MappingOptions } from '../../src/import/types.js';

const OPTIONS: MappingOptions = { defaultCountry: 'GB', keepUnmappedAsAttributes: true };

/** Builds a clean export of `rows` people (no rejected, duplicate or warned rows) with a multi-line note every tenth row. */
function contactsCsv(rows: number): ArrayBuffer {
  const lines = ['Full Name,Email,City,Notes'];
  for (let index = 0; index < rows; index++) {
    const note = index % 10 === 0 ? '"Met at the fair.\nPrefers ""mornings"""' : '';
    lines.push(`Person ${index},person${index}@example.com,Lyon,${note}`);
  }
  return new TextEncoder().encode(lines.join('\r\n')).buffer;
}

/**
 * Counts the JS objects, array slots and map entries reachable from a
 * value through its properties. Typed arrays count as one object, because
 * their contents live outside the JS heap.
 */
function reachable(root: unknown): number {
  const seen = new Set<object>();
  const pending: unknown[] = [root];
  let count = 0;

  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    count++;
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) continue;

    if (value instanceof Map) {
      for (const [key, entry] of value) pending.push(key, entry);
      count += value.size;
    } else if (value instanceof Set) {
      for (const entry of value) pending.push(entry);
      count += value.size;
    } else {
      for (const key of Object.keys(value)) pending.push((value as Record<string, unknown>)[key]);
      if (Array.isArray(value)) count += value.length;
    }
  }
  return count;
}

/** Loads and plans a file as the import worker does, and returns what the worker then keeps. */
async function plannedFile(rows: number) {
  const loaded = await loadSource({ kind: 'bytes', bytes: contactsCsv(rows) }, DEFAULT_PARSE_SETTINGS);
  const mapping = suggestMapping(loaded.table.columns, loaded.table.detectionSamples);
  const plan = planImport(loaded.table, mapping, OPTIONS, memoizedNormalizer());
  return { loaded, plan };
}

describe('what the import worker keeps', function () {
  // Mapping 20,000 rows takes a few seconds on a busy machine.
  this.timeout(120_000);

  it('does not grow with the rows of a clean file', async () => {
    const small = await plannedFile(2_000);
    const large = await plannedFile(20_000);

    expect(large.plan.recordCount).to.equal(20_000);
    expect(large.plan.warningCount).to.equal(0);
    expect(reachable(large)).to.equal(reachable(small));
  });

  it('reads each batch again from the rows', async () => {
    const { loaded, plan } = await plannedFile(2_000);

    const batch = planRecords(loaded.table, plan, 1_500, 500);

    expect(batch).to.have.length(500);
    expect(batch[0]?.user.name).to.equal('Person 1500');
    expect(batch[0]?.line).to.equal(1_500 + 150 + 2);
    expect(batch[499]?.user.identifiers[0]).to.deep.equal({ kind: 'email', value: 'person1999@example.com' });
  });

  it('lists the first warnings and counts them all', async () => {
    const text = ['Full Name,Phone', ...Array.from({ length: 1_200 }, (_, index) => `Person ${index},07700 ${900000 + index}`)].join('\n');
    const loaded = await loadSource({ kind: 'text', text }, DEFAULT_PARSE_SETTINGS);
    const mapping = suggestMapping(loaded.table.columns, loaded.table.detectionSamples);

    const plan = planImport(loaded.table, mapping, OPTIONS);

    expect(plan.warningCount).to.equal(1_200);
    expect(plan.warnings).to.have.length(1_000);
  });
});

describe('a tab-separated file with quoted cells', () => {
  it('keeps each row apart', async () => {
    const text = 'Name\tNote\n"Ana"\t"first"\n"Ben"\t"second\nline"\n';
    const loaded = await loadSource({ kind: 'text', text }, DEFAULT_PARSE_SETTINGS);

    const rows = loaded.table.rows.read(0, 10);

    expect(rows).to.deep.equal([
      { line: 2, cells: ['Ana', 'first'] },
      { line: 3, cells: ['Ben', 'second\nline'] },
    ]);
  });
});
