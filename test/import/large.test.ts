import { expect } from '@open-wc/testing';
import { ImportSession } from '../../src/import/session.js';
import { cleanUpProviders, openProvider } from '../indexeddb/helpers.js';
import { GB, fileOf } from './helpers.js';

const ROWS = 100_000;

/** Builds a 100,000-row export: names, e-mails and a multi-line quoted note every tenth row. */
function largeFile(): File {
  const lines = ['Full Name,Email,City,Notes'];
  for (let index = 0; index < ROWS; index++) {
    const note = index % 10 === 0 ? '"Met at the fair.\nPrefers e-mail, ""mornings"""' : '';
    lines.push(`Person ${index},person${index}@example.com,Lyon,${note}`);
  }
  return fileOf(lines.join('\r\n'), 'large.csv');
}

/** Counts main-thread timer ticks until stopped; a page blocked by parsing gets none. */
function countTicks(): { stop(): number } {
  let ticks = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    ticks++;
    setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  return {
    stop() {
      running = false;
      return ticks;
    },
  };
}

describe('a 100,000-row file', function () {
  // Mapping and looking up 100,000 records takes tens of seconds on a busy 2-core machine.
  this.timeout(300_000);

  afterEach(cleanUpProviders);

  it('parses in the worker while the page keeps running', async () => {
    const file = largeFile();
    const ticks = countTicks();
    const progress: number[] = [];

    const session = await ImportSession.open(file, {}, { onProgress: (step) => progress.push(step.rows) });
    const ticked = ticks.stop();

    try {
      expect(session.preview.rowCount).to.equal(ROWS);
      expect(progress.length).to.be.greaterThan(2);
      expect(ticked).to.be.greaterThan(10);

      const [last] = await session.previewRecords(session.suggestMapping(), GB, { offset: ROWS - 1, limit: 1 });
      expect(last?.record?.name).to.equal(`Person ${ROWS - 1}`);
      expect(last?.line).to.equal(ROWS + ROWS / 10 + 1);
    } finally {
      session.close();
    }
  });

  it('analyzes in the worker while the page keeps running', async () => {
    const provider = openProvider();
    const session = await ImportSession.open(largeFile());
    const ticks = countTicks();

    try {
      const analysis = await session.analyze(session.suggestMapping(), GB, provider);
      const ticked = ticks.stop();

      expect(analysis.importable).to.equal(ROWS);
      expect(analysis.newUsers).to.equal(ROWS);
      expect(ticked).to.be.greaterThan(10);
    } finally {
      ticks.stop();
      session.close();
    }
  });
});
