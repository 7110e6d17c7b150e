import { describeIssue } from '../../i18n/data-messages.js';

/**
 * Returns the translated reason for a cell or row problem. Codes the catalog
 * does not know (a host provider's own) fall back to the English message
 * that came with them.
 */
export function describeProblem(problem: { code: string; value?: string; message?: string }): string {
  const text = describeIssue(problem);
  return text === problem.code && problem.message ? problem.message : text;
}
