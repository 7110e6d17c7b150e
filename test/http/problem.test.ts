import { expect } from '@open-wc/testing';
import { problemToError } from '../../src/data/http/problem.js';

describe('problemToError', () => {
  const cases: [number, string][] = [
    [400, 'invalid'],
    [401, 'unavailable'],
    [403, 'unavailable'],
    [404, 'not-found'],
    [409, 'conflict'],
    [412, 'conflict'],
    [413, 'invalid'],
    [415, 'invalid'],
    [422, 'invalid'],
    [500, 'unavailable'],
    [503, 'unavailable'],
    [507, 'quota-exceeded'],
  ];

  for (const [status, code] of cases) {
    it(`maps ${status} to ${code}`, () => {
      expect(problemToError('Saving the user', status, {}).code).to.equal(code);
    });
  }
});
