import { html, nothing, type TemplateResult } from 'lit';
import type { ExistingUserPolicy } from '../../data/provider.js';
import { ConflictError } from '../../data/errors.js';
import { formatNumber } from '../../i18n/catalog.js';
import { describeError } from '../../i18n/data-messages.js';
import type { ImportAnalysis, ImportReport, RowRejection, RowWarning } from '../../import/types.js';
import { describeProblem } from './describe.js';
import type { ImportRunner } from './import-runner.js';
import { t } from './messages.js';

export interface PreviewStepProps {
  analysis: ImportAnalysis | undefined;
  analysisPending: boolean;
  /** Identifiers looked up among the existing users so far, while the analysis runs. */
  analysisProgress: { done: number; total: number } | undefined;
  analysisError: string;
  groupName: string;
  onExisting: ExistingUserPolicy;
  runner: ImportRunner;
  /** Object URL of the rejected-rows CSV, once an import has finished with rejections. */
  rejectedRowsUrl: string | undefined;
  /** The final records table, rendered by the Define data step's code. */
  records: TemplateResult;
  onPolicy(policy: ExistingUserPolicy): void;
  onRetryAnalysis(): void;
  onUndo(): void;
  onResume(): void;
  onRestart(): void;
}

/** Rows of a long list shown before the rest are summarized as "and N more". */
const LISTED_ROWS = 100;

/** Lists up to this long start open; longer ones start closed. */
const OPEN_LIST_SIZE = 10;

export function renderPreviewStep(props: PreviewStepProps): TemplateResult {
  const { runner } = props;
  switch (runner.status) {
    case 'running':
    case 'cancelling':
      return renderProgress(runner);
    case 'complete':
      return renderSummary(props);
    case 'undoing':
      return html`<p role="status">${t('run.undoing')}</p>`;
    case 'undone':
      return html`
        <p class="notice">${t('run.undone')}</p>
        <div class="actions"><vaadin-button @click=${props.onRestart}>${t('button.restart')}</vaadin-button></div>
      `;
    case 'failed':
      if (runner.failure) return renderFailure(props);
      return html`<p class="notice error" role="alert">${describeStartError(runner.error)}</p>
        ${renderReview(props)}`;
    case 'cancelled':
      return html`<p class="notice">${t('run.cancelled')}</p>
        ${renderReview(props)}`;
    default:
      return renderReview(props);
  }
}

function renderReview(props: PreviewStepProps): TemplateResult {
  if (props.analysisError) {
    return html`<p class="notice error" role="alert">${props.analysisError}</p>
      <div class="actions"><vaadin-button @click=${props.onRetryAnalysis}>${t('button.retry')}</vaadin-button></div>`;
  }
  const analysis = props.analysis;
  if (props.analysisPending || !analysis) return renderAnalyzing(props.analysisProgress);

  return html`
    <h3 id="counts-heading">${t('preview.counts')}</h3>
    <dl class="counts" aria-labelledby="counts-heading" part="counts">
      ${count('total-rows', t('preview.total-rows'), analysis.totalRows)}
      ${count('new-users', t('preview.new-users'), analysis.newUsers)}
      ${count('existing-users', t('preview.existing-users'), analysis.existingUsers)}
      ${count('rejected', t('preview.rejected'), analysis.rejected.length)}
      ${count('duplicates', t('preview.duplicates'), analysis.duplicates.length)}
      ${count('warnings', t('preview.warnings'), analysis.warningCount)}
      ${analysis.blankLinesSkipped > 0
        ? count('blank-lines', t('preview.blank-lines'), analysis.blankLinesSkipped)
        : nothing}
    </dl>
    ${analysis.existingUsers > 0 ? renderExistingChoice(props, analysis) : nothing}
    <div>
      <h3 id="groups-heading">${t('preview.groups')}</h3>
      <ul class="list" aria-labelledby="groups-heading">
        <li>${t('preview.main-group', { name: props.groupName })}</li>
        ${analysis.groups.map((group) => html`<li>${t('metadata.group-size', { name: group.name, size: group.size })}</li>`)}
      </ul>
    </div>
    ${renderRejected(analysis.rejected)} ${renderDuplicates(analysis)} ${renderWarnings(analysis.warnings, analysis.warningCount)}
    ${props.records}
  `;
}

function renderAnalyzing(progress: { done: number; total: number } | undefined): TemplateResult {
  return html`
    <div part="progress">
      <p role="status">
        ${progress ? t('preview.analyzing-progress', { done: progress.done, total: progress.total }) : t('preview.analyzing')}
      </p>
      <vaadin-progress-bar
        aria-label=${t('preview.analysis-label')}
        ?indeterminate=${!progress || progress.total === 0}
        .value=${progress && progress.total > 0 ? progress.done / progress.total : 0}
      ></vaadin-progress-bar>
    </div>
  `;
}

function count(name: string, label: string, value: number): TemplateResult {
  return html`<div data-count=${name}>
    <dt>${label}</dt>
    <dd>${formatNumber(value)}</dd>
  </div>`;
}

function renderExistingChoice(props: PreviewStepProps, analysis: ImportAnalysis): TemplateResult {
  const listed = analysis.existing.slice(0, LISTED_ROWS);
  return html`
    <vaadin-radio-group
      label=${t('preview.existing-choice')}
      .value=${props.onExisting}
      @change=${(event: Event) => props.onPolicy((event.currentTarget as HTMLInputElement).value as ExistingUserPolicy)}
    >
      <vaadin-radio-button value="skip" label=${t('preview.existing-skip')}></vaadin-radio-button>
      <vaadin-radio-button value="fill-empty" label=${t('preview.existing-fill')}></vaadin-radio-button>
      <vaadin-radio-button value="overwrite" label=${t('preview.existing-overwrite')}></vaadin-radio-button>
    </vaadin-radio-group>
    <ul class="list">
      ${listed.map((match) => html`<li>${t('preview.existing-match', { line: match.line, name: match.name, key: match.key })}</li>`)}
      ${more(analysis.existing.length - listed.length)}
    </ul>
  `;
}

function renderRejected(rejected: readonly RowRejection[]): TemplateResult | typeof nothing {
  if (rejected.length === 0) return nothing;
  const listed = rejected.slice(0, LISTED_ROWS);
  return collapsible(
    t('preview.rejected-rows'),
    rejected.length,
    html`
      <div class="table-scroll" tabindex="0" role="region" aria-label=${t('preview.rejected-rows')}>
        <table part="rejected-table">
          <caption class="visually-hidden">
            ${t('preview.rejected-rows')}
          </caption>
          <thead>
            <tr>
              <th scope="col">${t('define.line')}</th>
              <th scope="col">${t('preview.reason')}</th>
            </tr>
          </thead>
          <tbody>
            ${listed.map(
              (rejection) => html`<tr>
                <th scope="row">${rejection.line}</th>
                <td>${describeProblem(rejection)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${rejected.length > listed.length
        ? html`<p class="muted">${t('preview.more', { count: rejected.length - listed.length })}</p>`
        : nothing}
    `,
  );
}

function renderDuplicates(analysis: ImportAnalysis): TemplateResult | typeof nothing {
  if (analysis.duplicates.length === 0) return nothing;
  const listed = analysis.duplicates.slice(0, LISTED_ROWS);
  return collapsible(
    t('preview.duplicate-rows'),
    analysis.duplicates.length,
    html`<ul class="list" part="duplicate-list">
      ${listed.map(
        (row) => html`<li>${t('preview.duplicate-row', { line: row.line, original: row.duplicateOf, key: row.key })}</li>`,
      )}
      ${more(analysis.duplicates.length - listed.length)}
    </ul>`,
  );
}

/** Lists the first warnings; `total` counts those the import left unlisted too. */
function renderWarnings(warnings: readonly RowWarning[], total: number): TemplateResult | typeof nothing {
  if (total === 0) return nothing;
  const listed = warnings.slice(0, LISTED_ROWS);
  return collapsible(
    t('preview.warning-rows'),
    total,
    html`<ul class="list warning" part="warning-list">
      ${listed.map(
        (warning) =>
          html`<li>
            ${t('preview.warning-row', { line: warning.line, field: warning.field, reason: describeProblem(warning) })}
          </li>`,
      )}
      ${more(total - listed.length)}
    </ul>`,
  );
}

/** Wraps a list in a disclosure, open when the list is short enough to read at a glance. */
function collapsible(title: string, count: number, content: TemplateResult): TemplateResult {
  return html`<details ?open=${count <= OPEN_LIST_SIZE}>
    <summary>${t('preview.list-title', { title, count })}</summary>
    ${content}
  </details>`;
}

function more(count: number): TemplateResult | typeof nothing {
  return count > 0 ? html`<li>${t('preview.more', { count })}</li>` : nothing;
}

function renderProgress(runner: ImportRunner): TemplateResult {
  const fraction = runner.total > 0 ? Math.min(runner.done / runner.total, 1) : 0;
  let text = t('run.starting');
  if (runner.status === 'cancelling') text = t('run.cancelling');
  else if (runner.done > 0) text = t('run.progress', { done: runner.done, total: runner.total });

  return html`
    <div part="progress">
      <p>${text}</p>
      <vaadin-progress-bar aria-label=${t('run.progress-label')} .value=${fraction}></vaadin-progress-bar>
    </div>
  `;
}

function renderSummary(props: PreviewStepProps): TemplateResult {
  const report = props.runner.report as ImportReport;
  const counts = report.counts;

  return html`
    <p class="notice success" part="summary">${t('run.complete')} ${t('run.summary-group', { name: props.groupName })}</p>
    <dl class="counts" part="counts">
      ${count('created', t('run.summary-created'), counts.created)}
      ${count('updated', t('run.summary-updated'), counts.updated)}
      ${count('skipped', t('run.summary-skipped'), counts.skipped)}
      ${count('rejected', t('run.summary-rejected'), report.rejected.length)}
      ${count('duplicates', t('preview.duplicates'), report.duplicates.length)}
      ${count('warnings', t('preview.warnings'), report.warningCount)}
    </dl>
    ${props.runner.error ? html`<p class="notice error" role="alert">${t('run.undo-failed', { reason: describeError(props.runner.error) })}</p>` : nothing}
    ${renderRejected(report.rejected)} ${renderWarnings(report.warnings, report.warningCount)}
    <div class="actions">
      ${props.rejectedRowsUrl
        ? html`<a class="download" href=${props.rejectedRowsUrl} download="rejected-rows.csv">${t('button.download-rejected')}</a>`
        : nothing}
      <vaadin-button @click=${props.onUndo}>${t('button.undo')}</vaadin-button>
      <vaadin-button theme="primary" @click=${props.onRestart}>${t('button.restart')}</vaadin-button>
    </div>
  `;
}

/**
 * Returns the message for an import that stopped before it stored anything.
 * A conflict there means that a group name was taken after the Metadata
 * step checked it, because starting an import only creates groups and a form.
 */
function describeStartError(error: unknown): string {
  const current = error instanceof ConflictError ? (error.current as { name?: unknown } | undefined) : undefined;
  if (typeof current?.name === 'string') return t('run.group-taken', { name: current.name });
  return describeError(error);
}

function renderFailure(props: PreviewStepProps): TemplateResult {
  const { failure, error } = props.runner;
  const counts = failure?.counts ?? { created: 0, updated: 0, skipped: 0, rejected: 0 };
  const saved = counts.created + counts.updated + counts.skipped;

  return html`
    <div class="notice error" role="alert">
      <p>${t('run.failed', { saved, reason: describeError(failure?.cause ?? error) })}</p>
      <p>${t('run.failed-help')}</p>
      ${error && error !== failure ? html`<p>${t('run.undo-failed', { reason: describeError(error) })}</p>` : nothing}
    </div>
    <div class="actions">
      <vaadin-button theme="primary" @click=${props.onResume}>${t('button.resume')}</vaadin-button>
      <vaadin-button @click=${props.onUndo}>${t('button.undo')}</vaadin-button>
    </div>
  `;
}
