// A page that sends `require-trusted-types-for 'script'` rejects a plain URL
// in `new Worker()`. The import worker's URL goes through a Trusted Types
// policy of the kit's own that vouches for that one file and nothing else.

/** The Trusted Types policy a host lists in its `trusted-types` directive, if it sends one. */
export const TRUSTED_TYPES_POLICY = 'all-users-elements';

interface ScriptURLPolicy {
  createScriptURL(url: string): unknown;
}

interface TrustedTypesFactory {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): ScriptURLPolicy;
}

// The source file in development, a hashed asset once bundled.
const WORKER_FILE = /\/import\.worker(?:-[\w-]+)?\.[jt]s$/;

let policy: ScriptURLPolicy | null | undefined;

/**
 * Stands in for `Worker` in `new Worker(new URL('./import.worker.ts',
 * import.meta.url))`. Bundlers find the worker file by that literal
 * expression, so the caller keeps it and imports this constructor under the
 * name `Worker`.
 */
export const TrustedWorker = function TrustedWorker(url: URL, options?: WorkerOptions): Worker {
  const trusted = workerPolicy()?.createScriptURL(url.href);
  return new Worker((trusted ?? url) as URL, options);
} as unknown as new (url: URL, options?: WorkerOptions) => Worker;

function workerPolicy(): ScriptURLPolicy | null {
  if (policy !== undefined) return policy;

  const factory = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
  if (!factory) {
    policy = null;
    return policy;
  }
  try {
    policy = factory.createPolicy(TRUSTED_TYPES_POLICY, { createScriptURL: checkWorkerURL });
  } catch (error) {
    throw new Error(
      `The page's Content-Security-Policy does not allow the Trusted Types policy "${TRUSTED_TYPES_POLICY}", ` +
        `which starts the import worker. Add it to the trusted-types directive.`,
      { cause: error },
    );
  }
  return policy;
}

function checkWorkerURL(url: string): string {
  const parsed = new URL(url, location.href);
  if (parsed.origin !== location.origin || !WORKER_FILE.test(parsed.pathname)) {
    throw new TypeError(`The "${TRUSTED_TYPES_POLICY}" Trusted Types policy rejected ${url}: it allows only the kit's import worker.`);
  }
  return parsed.href;
}
