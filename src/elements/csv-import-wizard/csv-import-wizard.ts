import '@vaadin/button/vaadin-button.js';
import '@vaadin/checkbox/vaadin-checkbox.js';
import '@vaadin/progress-bar/vaadin-progress-bar.js';
import '@vaadin/radio-group/vaadin-radio-button.js';
import '@vaadin/radio-group/vaadin-radio-group.js';
import '@vaadin/text-area/vaadin-text-area.js';
import '@vaadin/text-field/vaadin-text-field.js';
import { Task, initialState } from '@lit/task';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { ExistingUserPolicy, ImportCounts, ImportOptions, UserDataProvider } from '../../data/provider.js';
import { foldText } from '../../data/user-query.js';
import { formatNumber } from '../../i18n/catalog.js';
import { describeError } from '../../i18n/data-messages.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import { ProviderController } from '../shared/provider-controller.js';
import { visuallyHiddenStyles } from '../shared/styles.js';
import { rejectedRowsCsv } from '../../import/report-csv.js';
import type { ColumnMapping, ImportReport, MappingOptions, ParseSettings } from '../../import/types.js';
import type { CountryCode } from '../../model/identifiers.js';
import { renderConnectStep } from './connect-step.js';
import { renderDefineStep, renderRecordsTable } from './define-step.js';
import { ImportRunner } from './import-runner.js';
import {
  applyChoices,
  attributeColumns,
  checkMapping,
  columnsLosingData,
  ignoredColumns,
  isAttributeField,
  parseTags,
  withDescription,
  withField,
  withType,
  type ColumnChoice,
} from './mapping.js';
import { renderMetadataStep } from './metadata-step.js';
import { stepTitle, t } from './messages.js';
import { renderPreviewStep } from './preview-step.js';
import { SourceLoader } from './source-loader.js';
import { toNamedInput, type ImportSource } from './sources.js';
import { wizardStyles } from './styles.js';
import { allowEmptyHTML } from '../shared/trusted-types.js';

export type { ImportSource, ImportSourceData } from './sources.js';

/** The wizard's steps, in order. */
export const WIZARD_STEPS = ['connect', 'define', 'metadata', 'preview'] as const;

export type WizardStep = (typeof WIZARD_STEPS)[number];

/** Detail of `step-change`, fired before the wizard moves to another step. */
export interface StepChangeDetail {
  step: WizardStep;
  previousStep: WizardStep;
}

/** Detail of `import-complete`. */
export interface ImportCompleteDetail {
  importId: string;
  /** The group every imported user joined. */
  groupId: string;
  /** The provider's counts of the users it stored. */
  counts: ImportCounts;
}

/** Detail of `import-cancel`. */
export interface ImportCancelDetail {
  /** The import that was cancelled and undone, when one had started. */
  importId?: string;
}

/** Detail of `import-error`. */
export interface ImportErrorDetail {
  error: unknown;
}

/** Rows the live preview shows. */
const PREVIEW_ROWS = 20;

/**
 * Imports users from CSV, TSV, text and Excel files, pasted text or a
 * source the host registers, in four steps: Connect data, Define data,
 * Metadata and Preview. Every import creates a user group. Files are read
 * in a module worker, so the page stays responsive through large files.
 * Removing the wizard from the page ends that worker and starts the wizard
 * over, unless an import is running.
 *
 * @summary A four-step wizard that imports users from files into a group.
 *
 * @fires {CustomEvent<StepChangeDetail>} step-change - Before the wizard moves to another step through Next or Back; cancel it to stay.
 * @fires {CustomEvent<ImportCompleteDetail>} import-complete - After an import finished and its users are stored.
 * @fires {CustomEvent<ImportCancelDetail>} import-cancel - After the user cancelled the wizard or a running import.
 * @fires {CustomEvent<ImportErrorDetail>} import-error - After a file could not be read or the provider failed.
 *
 * @csspart base - The wrapper of everything.
 * @csspart step-list - The numbered list of steps.
 * @csspart step - The current step's content.
 * @csspart drop-zone - The area a file can be dropped on.
 * @csspart mapping-table - The table of columns and their fields.
 * @csspart preview-table - The table of mapped records.
 * @csspart dropped-columns - The list of columns whose data is dropped without a form.
 * @csspart group-preview - The extra groups and their sizes.
 * @csspart counts - The counts of what the import will do or did.
 * @csspart rejected-table - The rejected rows and their reasons.
 * @csspart duplicate-list - The rows merged into an earlier row of the file.
 * @csspart warning-list - The values imported with a warning.
 * @csspart progress - The progress bar and text while the records are checked or imported.
 * @csspart summary - The message that the import is complete.
 * @csspart footer - The row of Back, Cancel, Next and Import buttons.
 *
 * @cssprop [--csv-import-wizard-accent-color=var(--all-users-accent-color, var(--lumo-primary-color, #1a5fb4))] - Current step, links and focus rings.
 * @cssprop [--csv-import-wizard-text-color=var(--all-users-text-color, var(--lumo-body-text-color, #1f2328))] - Text.
 * @cssprop [--csv-import-wizard-muted-color=var(--all-users-secondary-text-color, var(--lumo-secondary-text-color, #57606a))] - Hints and other steps.
 * @cssprop [--csv-import-wizard-background=var(--all-users-background, var(--lumo-base-color, #ffffff))] - Background.
 * @cssprop [--csv-import-wizard-surface=var(--lumo-contrast-5pct, #f6f8fa)] - Drop zone, table headers and samples.
 * @cssprop [--csv-import-wizard-border-color=var(--all-users-border-color, var(--lumo-contrast-20pct, #d0d7de))] - Borders.
 * @cssprop [--csv-import-wizard-error-color=var(--all-users-error-color, var(--lumo-error-text-color, #b3261e))] - Errors and invalid cells.
 * @cssprop [--csv-import-wizard-warning-color=var(--lumo-warning-text-color, #7a4d00)] - Warnings.
 * @cssprop [--csv-import-wizard-warning-background=var(--lumo-warning-color-10pct, #fff8e1)] - Cells imported with a warning.
 * @cssprop [--csv-import-wizard-invalid-background=var(--lumo-error-color-10pct, #fdecea)] - Cells that are not imported.
 * @cssprop [--csv-import-wizard-success-color=var(--all-users-success-color, var(--lumo-success-text-color, #1a7f37))] - Completed import.
 * @cssprop [--csv-import-wizard-radius=var(--all-users-radius, 8px)] - Corner radius.
 * @cssprop [--csv-import-wizard-spacing=1rem] - Space between sections.
 * @cssprop [--csv-import-wizard-font-family=inherit] - Font family.
 * @cssprop [--csv-import-wizard-font-size=0.9375rem] - Base font size.
 */
export class CsvImportWizard extends LitElement {
  static override styles = [visuallyHiddenStyles, wizardStyles];

  private readonly locale = new LocaleController(this);
  private readonly providers = new ProviderController(this, {
    onChange: (change) => {
      // Another tab may take the group name the user is about to choose.
      if (this.activeStep === 'metadata' && (change.entity === 'groups' || change.entity === 'all')) {
        void this.groupsTask.run();
      }
    },
  });
  private readonly loader = new SourceLoader(this, (error) => this.fireError(error));
  private readonly runner = new ImportRunner(this, {
    onComplete: (report) => this.handleComplete(report),
    onCancel: (importId) => this.fireCancel({ importId }),
    onError: (error) => this.fireError(error),
  });
  private sourceController?: AbortController;
  private focusHeading = false;
  private warnedCountry = '';
  private warnedBatchSize = false;
  private lastAnnouncedQuarter = -1;
  /** Counter of analysis runs, so that progress from an outdated run is not shown. */
  private analysisRun = 0;
  private analysisProgress?: { run: number; done: number; total: number };
  /** The user's field, type and description choices by column label, kept when the source is read again. */
  private readonly choices = new Map<string, ColumnChoice>();

  @query('#step-heading') private readonly heading?: HTMLElement;

  @state() private activeStep: WizardStep = 'connect';
  @state() private pasteText = '';
  @state() private dragging = false;
  /** The reason Next cannot leave the current step, shown until the user fixes it. */
  @state() private stepError = '';
  @state() private mapping: ColumnMapping[] = [];
  @state() private groupName = '';
  @state() private groupNameAttempted = false;
  @state() private groupDescription = '';
  @state() private tagsText = '';
  @state() private createForm = false;
  @state() private extraGroups = false;
  @state() private groupColumn?: number;
  @state() private onExisting: ExistingUserPolicy = 'fill-empty';
  // A function, so that the live region follows a locale switch.
  @state() private announcement: () => string = () => '';
  @state() private rejectedRowsUrl?: string;

  /**
   * The provider that stores the users; when unset, one provided by an ancestor, else the shared default.
   * @default undefined
   */
  @property({ attribute: false }) provider?: UserDataProvider;

  /** ISO 3166-1 alpha-2 country (such as `GB`) for phone numbers written without a country code; default none. */
  @property({ attribute: 'default-country' }) defaultCountry = '';

  /**
   * Records the provider stores per batch. Unset, the import session picks
   * it: 10,000 when its worker writes into an IndexedDB provider's database
   * itself, else 500. A resumed import uses the size it started with.
   * @default undefined
   */
  @property({ type: Number, attribute: 'batch-size' }) batchSize?: number;

  /** Third-party sources offered in the Connect data step, one button each; default none. */
  @property({ attribute: false }) sources: ImportSource[] = [];

  private readonly recordsTask = new Task(this, {
    task: async ([session, , mapping, country, keep, groupColumn]) => {
      if (!session || mapping.length === 0) return initialState;
      const options = mappingOptions(country, keep, groupColumn);
      return this.reportFailure(session.previewRecords(mapping, options, { offset: 0, limit: PREVIEW_ROWS }));
    },
    args: () =>
      [
        this.loader.session,
        this.loader.preview,
        this.recordMapping,
        this.countryCode,
        this.createForm,
        this.effectiveGroupColumn,
      ] as const,
  });

  private readonly groupsTask = new Task(this, {
    task: async ([provider], { signal }) => this.reportFailure(provider.listGroups({ signal }), signal),
    args: () => [this.activeProvider] as const,
    autoRun: false,
  });

  private readonly analysisTask = new Task(this, {
    task: async ([needed, session, , mapping, country, keep, groupColumn, provider], { signal }) => {
      if (!needed || !session || mapping.length === 0) return initialState;
      const options = mappingOptions(country, keep, groupColumn);
      const run = ++this.analysisRun;
      const onProgress = (done: number, total: number) => {
        if (run !== this.analysisRun) return;
        this.analysisProgress = { run, done, total };
        this.requestUpdate();
      };
      return this.reportFailure(session.analyze(mapping, options, provider, { signal, onProgress }), signal);
    },
    args: () =>
      [
        this.activeStep === 'preview' || (this.activeStep === 'metadata' && this.extraGroups),
        this.loader.session,
        this.loader.preview,
        this.recordMapping,
        this.countryCode,
        this.createForm,
        this.effectiveGroupColumn,
        this.activeProvider,
      ] as const,
  });

  /** The step shown. */
  get step(): WizardStep {
    return this.activeStep;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    allowEmptyHTML();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();

    // A move in the DOM reconnects before microtasks run, so only a removal
    // ends the worker with the parsed file. A running import is left to finish.
    queueMicrotask(() => {
      if (!this.isConnected && !this.runner.busy) this.reset();
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('defaultCountry')) this.checkCountry();
    if (changed.has('batchSize')) this.checkBatchSize();
    this.announceProgress();
  }

  protected override updated(): void {
    if (this.focusHeading && this.heading) {
      this.focusHeading = false;
      this.heading.focus();
    }
  }

  /** Returns to the first step and clears the source, the choices and the last import. */
  reset(): void {
    this.sourceController?.abort();
    this.loader.reset();
    this.runner.reset();
    this.revokeRejectedRows();
    this.activeStep = 'connect';
    this.pasteText = '';
    this.stepError = '';
    this.mapping = [];
    this.groupName = '';
    this.groupNameAttempted = false;
    this.groupDescription = '';
    this.tagsText = '';
    this.createForm = false;
    this.extraGroups = false;
    this.groupColumn = undefined;
    this.onExisting = 'fill-empty';
    this.lastAnnouncedQuarter = -1;
    this.choices.clear();
  }

  override render(): TemplateResult {
    const index = WIZARD_STEPS.indexOf(this.activeStep);
    return html`
      <div part="base" class="base">
        <ol part="step-list" aria-label=${t('step.list')}>
          ${WIZARD_STEPS.map(
            (step, position) => html`<li
              class=${position < index ? 'done' : ''}
              data-number=${formatNumber(position + 1)}
              aria-current=${position === index ? 'step' : 'false'}
            >
              ${stepTitle(step)}
            </li>`,
          )}
        </ol>
        <section part="step" aria-labelledby="step-heading">
          <h2 id="step-heading" tabindex="-1">${stepTitle(this.activeStep)}</h2>
          ${this.stepError ? html`<p class="notice error" role="alert">${this.stepError}</p>` : nothing}
          ${this.renderStep()}
        </section>
        <div part="footer">${this.renderFooter()}</div>
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement()}</div>
      </div>
    `;
  }

  private renderStep(): TemplateResult {
    switch (this.activeStep) {
      case 'connect':
        return renderConnectStep({
          loader: this.loader,
          sources: this.sources,
          pasteText: this.pasteText,
          dragging: this.dragging,
          onFile: (file) => void this.openSource({ name: file.name, input: file }),
          onPasteInput: (text) => (this.pasteText = text),
          onUsePaste: () => this.usePaste(),
          onSource: (source) => void this.loadThirdParty(source),
          onDragging: (dragging) => (this.dragging = dragging),
        });
      case 'define':
        return this.renderDefine();
      case 'metadata':
        return this.renderMetadata();
      case 'preview':
        return this.renderPreview();
    }
  }

  private renderDefine(): TemplateResult {
    const preview = this.loader.preview;
    if (!preview) return html``;
    return renderDefineStep({
      preview,
      reparsing: this.loader.status === 'reparsing',
      mapping: this.mapping,
      rows: this.recordsTask.value,
      rowsPending: this.recordsTask.status === 1,
      rowsError: this.recordsError,
      previewSize: PREVIEW_ROWS,
      onSettings: (settings) => void this.reparse(settings),
      onField: (column, field) => this.changeMapping(column, withField(this.mapping, column, field)),
      onType: (column, type) => this.changeMapping(column, withType(this.mapping, column, type)),
      onDescription: (column, description) =>
        this.changeMapping(column, withDescription(this.mapping, column, description)),
    });
  }

  private renderMetadata(): TemplateResult {
    const columns = this.loader.preview?.columns ?? [];
    const analysis = this.analysisTask.value;
    return renderMetadataStep({
      groupName: this.groupName,
      groupNameError: this.groupNameProblem(),
      groupsError:
        this.groupsTask.status === 3 ? t('metadata.groups-failed', { reason: describeError(this.groupsTask.error) }) : '',
      description: this.groupDescription,
      tagsText: this.tagsText,
      createForm: this.createForm,
      extraGroups: this.extraGroups,
      groupColumn: this.effectiveGroupColumn,
      columns,
      attributeMapping: attributeColumns(this.mapping),
      losingData: columnsLosingData(this.mapping, columns),
      ignored: ignoredColumns(this.mapping, columns),
      groupPreview: analysis?.groups,
      groupPreviewPending: this.analysisTask.status === 1,
      groupPreviewError: this.analysisTask.status === 3 ? describeError(this.analysisTask.error) : '',
      takenExtraNames: this.takenExtraGroupNames(),
      onGroupName: (name) => (this.groupName = name),
      onDescription: (description) => (this.groupDescription = description),
      onTags: (text) => (this.tagsText = text),
      onCreateForm: (checked) => (this.createForm = checked),
      onExtraGroups: (checked) => (this.extraGroups = checked),
      onGroupColumn: (column) => (this.groupColumn = column),
    });
  }

  private renderPreview(): TemplateResult {
    const preview = this.loader.preview;
    return renderPreviewStep({
      analysis: this.analysisTask.value,
      analysisPending: this.analysisTask.status === 1,
      analysisProgress: this.currentAnalysisProgress,
      analysisError:
        this.analysisTask.status === 3
          ? t('preview.analysis-failed', { reason: describeError(this.analysisTask.error) })
          : '',
      groupName: this.groupName.trim(),
      onExisting: this.onExisting,
      runner: this.runner,
      rejectedRowsUrl: this.rejectedRowsUrl,
      records: renderRecordsTable(preview?.columns ?? [], this.mapping, this.recordsTask.value, {
        caption: t('preview.records'),
        pending: this.recordsTask.status === 1,
        error: this.recordsError,
      }),
      onPolicy: (policy) => (this.onExisting = policy),
      onRetryAnalysis: () => void this.analysisTask.run(),
      onUndo: () => void this.runner.undo(),
      onResume: () => void this.runner.resume(),
      onRestart: () => this.restart(),
    });
  }

  private renderFooter(): TemplateResult | typeof nothing {
    const status = this.runner.status;
    if (status === 'running') {
      return html`<vaadin-button @click=${() => this.runner.cancel()}>${t('button.cancel')}</vaadin-button>`;
    }
    if (this.runner.busy || status === 'complete' || status === 'undone' || (status === 'failed' && this.runner.failure)) {
      return nothing;
    }

    const index = WIZARD_STEPS.indexOf(this.activeStep);
    const last = this.activeStep === 'preview';
    return html`
      ${index > 0 ? html`<vaadin-button @click=${() => this.goBack()}>${t('button.back')}</vaadin-button>` : nothing}
      <span class="spacer"></span>
      <vaadin-button @click=${() => this.cancelWizard()}>${t('button.cancel')}</vaadin-button>
      ${last
        ? html`<vaadin-button theme="primary" ?disabled=${!this.analysisTask.value} @click=${() => void this.startImport()}>
            ${t('button.import')}
          </vaadin-button>`
        : html`<vaadin-button theme="primary" @click=${() => void this.goNext()}>${t('button.next')}</vaadin-button>`}
    `;
  }

  private get recordsError(): string {
    return this.recordsTask.status === 3 ? t('define.preview-failed', { reason: describeError(this.recordsTask.error) }) : '';
  }

  private get currentAnalysisProgress(): { done: number; total: number } | undefined {
    return this.analysisProgress?.run === this.analysisRun ? this.analysisProgress : undefined;
  }

  private get activeProvider(): UserDataProvider {
    return this.providers.value;
  }

  /** Returns the default country upper-cased, or undefined when it is not a valid code. */
  private get countryCode(): CountryCode | undefined {
    const code = this.defaultCountry.trim().toUpperCase();
    return /^[A-Z]{2}$/.test(code) ? (code as CountryCode) : undefined;
  }

  private get effectiveGroupColumn(): number | undefined {
    if (!this.extraGroups) return undefined;
    return this.groupColumn ?? this.suggestedGroupColumn();
  }

  /**
   * Returns the mapping as the records see it: the same array while only
   * descriptions change, so that writing one does not run the preview again.
   */
  private get recordMapping(): ColumnMapping[] {
    const key = JSON.stringify(this.mapping.map(({ description: _description, ...rest }) => rest));
    if (key !== this.recordMappingKey) {
      this.recordMappingKey = key;
      this.recordMappingValue = this.mapping;
    }
    return this.recordMappingValue;
  }

  private recordMappingKey = '';
  private recordMappingValue: ColumnMapping[] = [];

  private suggestedGroupColumn(): number | undefined {
    const attribute = this.mapping.find((entry) => isAttributeField(entry.field) || entry.field === 'ignore');
    return attribute?.column ?? this.mapping[0]?.column;
  }

  private async openSource(source: { name: string; input: Blob | string }): Promise<void> {
    this.sourceController?.abort();
    const session = await this.loader.open(source);
    if (!session) return;

    this.stepError = '';
    this.runner.reset();
    this.revokeRejectedRows();
    this.mapping = applyChoices(session.suggestMapping(), session.preview.columns, this.choices);
    this.groupColumn = undefined;
  }

  private usePaste(): void {
    if (this.pasteText.trim() === '') {
      this.loader.fail(t('error.empty-paste'), new Error('The pasted text is empty.'));
      return;
    }
    void this.openSource({ name: t('connect.pasted-name'), input: this.pasteText });
  }

  private async loadThirdParty(source: ImportSource): Promise<void> {
    const signal = this.loader.begin(source.label);
    this.sourceController = new AbortController();
    const own = this.sourceController.signal;

    let data;
    try {
      data = await source.load(AbortSignal.any([signal, own]));
    } catch (error) {
      if (signal.aborted || own.aborted) return;
      const reason = error instanceof Error ? error.message : String(error);
      this.loader.fail(t('error.source-failed', { source: source.label, reason }), error);
      return;
    }
    if (signal.aborted || own.aborted) return;
    await this.openSource(toNamedInput(data, source.label));
  }

  private async reparse(settings: Partial<ParseSettings>): Promise<void> {
    const preview = await this.loader.reparse(settings);
    const session = this.loader.session;
    if (!preview || !session) return;
    this.mapping = applyChoices(session.suggestMapping(), preview.columns, this.choices);
    if (this.groupColumn !== undefined && !preview.columns.some((column) => column.index === this.groupColumn)) {
      this.groupColumn = undefined;
    }
  }

  private changeMapping(column: number, mapping: ColumnMapping[]): void {
    this.mapping = mapping;
    const entry = mapping.find((candidate) => candidate.column === column);
    const label = this.loader.preview?.columns.find((candidate) => candidate.index === column)?.label;
    if (entry && label !== undefined) {
      this.choices.set(label, { field: entry.field, type: entry.type, description: entry.description });
    }
    if (this.stepError && this.activeStep === 'define') this.stepError = this.defineProblem();
  }

  private defineProblem(): string {
    const requirement = checkMapping(this.mapping);
    return requirement.hasName && requirement.hasIdentifier ? '' : t('define.requirement');
  }

  private groupNameProblem(): string {
    const name = this.groupName.trim();
    if (name === '') return this.groupNameAttempted ? t('metadata.group-name-required') : '';
    const existing = this.groupsTask.value ?? [];
    const taken = existing.find((group) => sameGroupName(group.name, name));
    return taken ? t('metadata.group-name-taken', { name: taken.name }) : '';
  }

  private takenExtraGroupNames(): string[] {
    const existing = this.groupsTask.value ?? [];
    const extra = this.extraGroups ? (this.analysisTask.value?.groups ?? []) : [];
    return extra
      .filter((group) => existing.some((candidate) => sameGroupName(candidate.name, group.name)))
      .map((group) => group.name);
  }

  private async goNext(): Promise<void> {
    const problem = await this.checkStep();
    this.stepError = problem;
    if (problem) return;

    const next = WIZARD_STEPS[WIZARD_STEPS.indexOf(this.activeStep) + 1];
    if (next) this.changeStep(next);
  }

  private goBack(): void {
    const previous = WIZARD_STEPS[WIZARD_STEPS.indexOf(this.activeStep) - 1];
    if (!previous) return;
    this.stepError = '';
    this.changeStep(previous);
  }

  /** Returns why the current step cannot be left forward, or an empty string. */
  private async checkStep(): Promise<string> {
    switch (this.activeStep) {
      case 'connect':
        if (this.loader.status === 'loading') return t('connect.wait');
        return this.loader.preview ? '' : t('connect.required');
      case 'define':
        if (this.loader.status === 'reparsing') return t('define.reparsing');
        return this.defineProblem();
      case 'metadata': {
        this.groupNameAttempted = true;
        if (this.groupsTask.status !== 2) {
          await this.groupsTask.run();
        }
        if (this.groupName.trim() === '') return t('metadata.group-name-required');
        const problem = this.groupNameProblem();
        if (problem) return problem;
        if (this.extraGroups) {
          await this.analysisTask.taskComplete.catch(() => undefined);
          const taken = this.takenExtraGroupNames()[0];
          if (taken) return t('metadata.extra-group-taken', { name: taken });
        }
        return '';
      }
      default:
        return '';
    }
  }

  private changeStep(step: WizardStep): void {
    const event = new CustomEvent<StepChangeDetail>('step-change', {
      detail: { step, previousStep: this.activeStep },
      bubbles: true,
      composed: true,
      cancelable: true,
    });
    if (!this.dispatchEvent(event)) return;

    this.activeStep = step;
    this.focusHeading = true;
    this.announcement = () =>
      t('step.announcement', {
        number: WIZARD_STEPS.indexOf(step) + 1,
        total: WIZARD_STEPS.length,
        title: stepTitle(step),
      });
    if (step === 'metadata') void this.groupsTask.run();
  }

  private async startImport(): Promise<void> {
    const session = this.loader.session;
    const analysis = this.analysisTask.value;
    if (!session || !analysis) return;

    this.revokeRejectedRows();
    this.lastAnnouncedQuarter = -1;
    this.announcement = () => t('run.announce-start');
    const options = mappingOptions(this.countryCode, this.createForm, this.effectiveGroupColumn);
    const importOptions: ImportOptions = {
      group: { name: this.groupName.trim(), description: this.groupDescription.trim(), tags: parseTags(this.tagsText) },
      onExisting: this.onExisting,
      expectedRecords: analysis.importable,
    };
    await this.runner.run({
      session,
      mapping: this.mapping,
      options,
      provider: this.activeProvider,
      importOptions,
      batchSize: this.validBatchSize,
    });
  }

  private handleComplete(report: ImportReport): void {
    if (report.rejected.length > 0) {
      const blob = new Blob([rejectedRowsCsv(report)], { type: 'text/csv;charset=utf-8' });
      this.rejectedRowsUrl = URL.createObjectURL(blob);
    }
    this.announcement = () => t('run.complete');
    const detail: ImportCompleteDetail = { importId: report.importId, groupId: report.job.groupId, counts: report.counts };
    this.dispatchEvent(new CustomEvent('import-complete', { detail, bubbles: true, composed: true }));
  }

  private cancelWizard(): void {
    this.fireCancel({});
    this.reset();
    this.focusHeading = true;
  }

  private restart(): void {
    this.reset();
    this.focusHeading = true;
    this.announcement = () => t('step.announcement', { number: 1, total: WIZARD_STEPS.length, title: stepTitle('connect') });
  }

  private announceProgress(): void {
    if (this.runner.status !== 'running' || this.runner.total === 0) return;
    const quarter = Math.floor((this.runner.done / this.runner.total) * 4);
    if (quarter <= this.lastAnnouncedQuarter || quarter === 0 || quarter >= 4) return;
    this.lastAnnouncedQuarter = quarter;
    this.announcement = () => t('run.announce-progress', { percent: quarter * 25 });
  }

  private revokeRejectedRows(): void {
    if (this.rejectedRowsUrl) URL.revokeObjectURL(this.rejectedRowsUrl);
    this.rejectedRowsUrl = undefined;
  }

  /** Returns the batch size set, or undefined when none or an invalid one is set, so that the session picks it. */
  private get validBatchSize(): number | undefined {
    const size = this.batchSize;
    return size !== undefined && Number.isInteger(size) && size > 0 ? size : undefined;
  }

  private checkCountry(): void {
    if (this.defaultCountry === '' || this.countryCode || this.warnedCountry === this.defaultCountry) return;
    this.warnedCountry = this.defaultCountry;
    console.warn(
      `<csv-import-wizard> default-country "${this.defaultCountry}" is not an ISO 3166-1 alpha-2 code such as "GB"; phone numbers without a country code will be rejected. Set it to a two-letter code.`,
    );
  }

  private checkBatchSize(): void {
    if (this.warnedBatchSize || this.batchSize === undefined || this.validBatchSize === this.batchSize) return;
    this.warnedBatchSize = true;
    console.warn(
      `<csv-import-wizard> batch-size "${this.batchSize}" is not a positive whole number; the import picks its own size. Set it to a number such as 500, or remove it.`,
    );
  }

  /** Fires `import-error` when `work` fails, unless it was aborted, and passes the failure on to the task. */
  private async reportFailure<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await work;
    } catch (error) {
      if (!signal?.aborted) this.fireError(error);
      throw error;
    }
  }

  private fireCancel(detail: ImportCancelDetail): void {
    this.dispatchEvent(new CustomEvent('import-cancel', { detail, bubbles: true, composed: true }));
  }

  private fireError(error: unknown): void {
    const detail: ImportErrorDetail = { error };
    this.dispatchEvent(new CustomEvent('import-error', { detail, bubbles: true, composed: true }));
  }
}

function mappingOptions(
  defaultCountry: CountryCode | undefined,
  keepUnmappedAsAttributes: boolean,
  groupColumn: number | undefined,
): MappingOptions {
  const options: MappingOptions = { keepUnmappedAsAttributes };
  if (defaultCountry) options.defaultCountry = defaultCountry;
  if (groupColumn !== undefined) options.groupColumn = groupColumn;
  return options;
}

/** Compares group names as providers do: ignoring case, accents and repeated spaces. */
function sameGroupName(a: string, b: string): boolean {
  const fold = (name: string) => foldText(name).replace(/\s+/g, ' ').trim();
  return fold(a) === fold(b);
}
