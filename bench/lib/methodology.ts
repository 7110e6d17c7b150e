/** Description of each figure's measurement, written into BENCHMARKS.md after every run. */
export const METHODOLOGY = `Everything runs in Debian's Chromium, headless, on a bench page that Vite
builds for production (\`bench/vite.config.ts\`, minified, dependencies
bundled) and that a static server on 127.0.0.1 serves with cross-origin
isolation headers (for fine-grained timers). Each write run gets a new
browser context, so a new, empty IndexedDB. The import and Excel runs, the
memory suite's small imports and the table's in-memory baseline use
off-the-record contexts of one browser, whose IndexedDB is kept in memory
with a quota of about 10 GiB. The memory suite's large import and the
table suite's seeded users need more than that, so each of them gets a
browser of its own on a new profile folder under \`bench/.tmp\`, with
IndexedDB on disk, and the folder is removed afterwards. Import runs and their baseline
runs alternate so that load from other processes falls on both alike.
Figures are medians of five runs unless the table says otherwise; a ratio
divides the median of the measured runs by the median of the baseline runs.

The data are generated from a fixed seed (\`bench/shared/generate.ts\`):
fictional people with names from many languages, phone numbers only from
ranges kept for fiction (+44 7700 900xxx and +1 NPA 555-01xx, 72,200
numbers, so about 70% of rows have one at 100,000 rows and fewer at
1,000,000), unique \`example.com\` e-mail addresses, Instagram handles on
half of the rows, two extra columns (city, customer-since date), and about
1% of rows that repeat an earlier person's e-mail in other letter case.

- **Import CSV end to end**: the steps the wizard waits on, into a new
  database: \`ImportSession.open(file)\` (reading and parsing in the
  worker), \`suggestMapping()\`, \`analyze()\` (the preview's counts, with
  the lookups of existing users) and \`run()\` (normalizing, deduplicating
  and writing in batches); the two extra columns are kept as attributes. The baseline is what the same work costs
  with no kit at all: \`file.text()\` plus \`Papa.parse\` of the same text on
  the main thread, plus one readwrite transaction that \`put\`s the very
  records the import stored (read back from the import's database, so the
  same fields and index keys) into a new database whose schema the provider
  itself created (same object stores, same indexes). The baseline does no
  validation, no phone normalization and no duplicate lookups, so the ratio
  is the whole price of the pipeline.
- **Import write stage**: the records the analysis counted as importable
  divided by the time of \`run()\`, from the call to the report (starting
  the import, every batch with its lookups and writes, finishing), against
  the records per second of the raw put above. With the IndexedDB provider
  the import worker writes the batches itself, so the page cannot time the
  writes alone; the whole run step is timed instead, which only counts
  against the kit.
- **Longest main-thread task** and **long-task time / import time**: the
  Long Tasks API (\`PerformanceObserver\`, type \`longtask\`) on the page
  during the timed imports. It only sees tasks of 50 ms or more, so a
  longest task of 0 means none reached 50 ms.
- **Peak JS heap**: \`Runtime.getHeapUsage\` of the page and of every worker
  it starts, summed and sampled every 100 ms through the DevTools protocol
  during the import, after a forced garbage collection; the peak of the
  large import (one run, because a million-row import is the longest step
  of the benchmark) is divided by the median peak of the five small ones. A pipeline that
  streams keeps the ratio near 1; one that holds the file or all records
  grows with the row count.
- **Import .xlsx**: the same rows written as an .xlsx workbook (shared
  strings, deflated, as Excel writes it), imported end to end, against
  \`readSheet\` of read-excel-file on the main thread plus the raw put of the
  records that import stored.
- **Table first rows visible**: from adding \`<all-users-table>\` with a new
  IndexedDB provider over the seeded users to the animation frame in which
  its grid shows the first row with data, against the same element over an
  in-memory provider that serves pages by slicing a pre-sorted array of the
  same users. The table is given only a size, so it keeps its own layout.
  The time is read when an animation frame callback first finds the row,
  not from the frame's start, which would leave out a long task that
  delayed that frame. The provider keeps the count of all users in the
  database until the next write to users, so a user is created and
  deleted before the first run: that run counts the users, later runs
  read the stored count, and the note gives the first run's time.
- **Table scrollToIndex**: in a freshly mounted table, from
  \`scrollToIndex(n)\` to the frame that shows row n with data, for a row 500
  from the end against row 500.
- **Provider page at 99% depth**: \`queryUsers\` of 50 users at offset
  0.99 × N against offset 0, each on a new provider instance after a
  one-row query has opened the connection, so no cache in memory helps.
  A page that took a long skip to reach leaves its bookmark in the
  database until the next write to users. A user is created and deleted
  before the first run, so that run walks to its page and later runs
  start from the bookmark it stored; the note gives the first run's time.
- **Count requests per sort change**: IndexedDB \`count()\` calls (the
  prototypes of \`IDBObjectStore\` and \`IDBIndex\` are wrapped to count them)
  while clicking the table's column sorters with the filter unchanged; the
  total is cached until a write, so a sort change should cost none.
- **Search**: on a new provider that has served the first page, the first
  page of \`queryUsers\` with \`filter.search\` set to a three-letter name
  prefix, against the next plain page (offset 50, which a keyset provider
  serves from its bookmark). The search accepts an approximate total, as
  the table does; the note gives each search's estimate, and the exact
  total and its time from the \`limit: 0\` query the table sends next.
- **Bundle**: each element's entry point (\`src/elements/TAG/define.ts\`)
  bundled as a host application's Vite build bundles it (every dependency
  included, minified), counting the chunks that load before the entry
  runs, each gzipped at level 9. The baseline bundles exactly the library
  exports our modules import (found by walking our modules with the
  TypeScript parser), together, the same way, so the ratio is what our own
  code adds. The remark also gives each library bundled alone; that sum
  counts shared code (lit, Vaadin's base classes) once per library and so
  overstates the libraries. Lazy chunks (the Excel reader, the parser
  worker) are reported beside the figure and a separate check counts
  read-excel-file modules in the wizard's initial chunk.
- **Seeding** (preparation, not a figure): once per invocation, on disk,
  and every table and search figure reads the same database. When the
  memory suite ran first, the table reads a copy of its million-row import
  (about 1% of rows repeat a person and are merged), and seeded users make
  up the difference, so a full run writes a million users once. Otherwise
  the provider creates the table's database and all its users are seeded.
  Seeded users, turned into stored records by the
  provider's own \`toStoredUser\` (so every index key is the provider's),
  go in with plain puts, 10,000 per transaction, each built while the one
  before it is written. The figures start once the browser's processes
  together use under 5% of a core for 5 seconds (read through the DevTools
  protocol's \`SystemInfo.getProcessInfo\`, for at most 10 minutes),
  because LevelDB keeps merging its files for a while after a bulk write
  and reads made meanwhile would time that work. Both times are reported
  with the run.
`;
