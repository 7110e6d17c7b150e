/**
 * The import pipeline: {@link ImportSession} on the page, and the DOM-free
 * steps it runs in a worker, exported for direct use in Node and tests.
 */
export * from './types.js';
export * from './errors.js';
export { ImportSession } from './session.js';
export { rejectedRowsCsv } from './report-csv.js';
