import {
  CsvImportWizard,
  type ImportCancelDetail,
  type ImportCompleteDetail,
  type ImportErrorDetail,
  type StepChangeDetail,
} from './csv-import-wizard.js';

export * from './csv-import-wizard.js';

if (!customElements.get('csv-import-wizard')) customElements.define('csv-import-wizard', CsvImportWizard);

declare global {
  interface HTMLElementTagNameMap {
    'csv-import-wizard': CsvImportWizard;
  }

  interface GlobalEventHandlersEventMap {
    'step-change': CustomEvent<StepChangeDetail>;
    'import-complete': CustomEvent<ImportCompleteDetail>;
    'import-cancel': CustomEvent<ImportCancelDetail>;
    'import-error': CustomEvent<ImportErrorDetail>;
  }
}
