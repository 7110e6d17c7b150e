import { runProviderConformance } from '../conformance/suite.js';
import { createTestProvider, resetServer } from './server.js';

runProviderConformance('FetchProvider conformance', async () => {
  await resetServer();
  const provider = await createTestProvider();
  return {
    provider,
    cleanup: async () => provider.close(),
  };
});
