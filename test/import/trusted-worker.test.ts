import { expect } from '@open-wc/testing';
import { TrustedWorker } from '../../src/import/trusted-worker.js';

describe('TrustedWorker', () => {
  it('starts the import worker', async () => {
    const worker = new TrustedWorker(new URL('../../src/import/import.worker.ts', import.meta.url), { type: 'module' });

    try {
      expect(worker).to.be.instanceOf(Worker);
    } finally {
      worker.terminate();
    }
  });

  it('rejects another script', () => {
    const start = () => new TrustedWorker(new URL('/test/fixtures/other.worker.js', location.href), { type: 'module' });

    expect(start).to.throw(TypeError, /allows only the kit's import worker/);
  });

  it('rejects another origin', () => {
    const start = () => new TrustedWorker(new URL('http://127.0.0.2:8601/assets/import.worker-abc.js'), { type: 'module' });

    expect(start).to.throw(TypeError, /allows only the kit's import worker/);
  });
});
