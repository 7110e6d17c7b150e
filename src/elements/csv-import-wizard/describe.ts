import { describeIssue } from '../../i18n/data-messages.js';
import { t } from './messages.js';

/**
 * Returns the translated reason for a cell or row problem. A row without a
 * name or an identifier gets the wizard's wording, because the shared one
 * asks a person filling in a form to enter the value. Codes no catalog
 * knows (a host provider's own) fall back to the English message that came
 * with them.
 */
export function describeProblem(problem: { code: string; value?: string; message?: string }): string {
  if (problem.code === 'name-required') return t('problem.name-required');
  if (problem.code === 'identifier-required') return t('problem.identifier-required');
  const text = describeIssue(problem);
  return text === problem.code && problem.message ? problem.message : text;
}
