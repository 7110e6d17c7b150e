import { html, nothing, type TemplateResult } from 'lit';
import { t } from './messages.js';
import type { SourceLoader } from './source-loader.js';
import type { ImportSource } from './sources.js';

export interface ConnectStepProps {
  loader: SourceLoader;
  sources: readonly ImportSource[];
  pasteText: string;
  dragging: boolean;
  onFile(file: File): void;
  onPasteInput(text: string): void;
  onUsePaste(): void;
  onSource(source: ImportSource): void;
  onDragging(dragging: boolean): void;
}

/** File types the picker offers; the session still reads any text file it is given. */
const ACCEPT = '.csv,.tsv,.txt,.xlsx,text/csv,text/tab-separated-values,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function renderConnectStep(props: ConnectStepProps): TemplateResult {
  const onFileChange = (event: Event) => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];

    // Clearing the value makes choosing the same file again fire `change`, so it is read again.
    input.value = '';
    if (file) props.onFile(file);
  };

  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    if (!props.dragging) props.onDragging(true);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    props.onDragging(false);
    const file = event.dataTransfer?.files[0];
    if (file) props.onFile(file);
  };

  return html`
    <p class="muted">${t('connect.intro')}</p>
    <div
      part="drop-zone"
      class=${props.dragging ? 'dragging' : ''}
      @dragover=${onDragOver}
      @dragleave=${() => props.onDragging(false)}
      @drop=${onDrop}
    >
      <p>${t('connect.drop')}</p>
      <input id="file-input" class="visually-hidden" type="file" accept=${ACCEPT} @change=${onFileChange} />
      <label class="file-button" for="file-input">${t('button.choose-file')}</label>
      <p class="muted">${t('connect.formats')}</p>
    </div>
    ${renderStatus(props.loader)}
    <vaadin-text-area
      label=${t('connect.paste-label')}
      .value=${props.pasteText}
      @value-changed=${(event: CustomEvent<{ value: string }>) => props.onPasteInput(event.detail.value)}
    ></vaadin-text-area>
    <div class="actions">
      <vaadin-button @click=${props.onUsePaste}>${t('button.use-pasted')}</vaadin-button>
    </div>
    ${props.sources.length > 0
      ? html`
          <h3 id="sources-heading">${t('connect.sources')}</h3>
          <ul class="sources" aria-labelledby="sources-heading">
            ${props.sources.map(
              (source) => html`<li><vaadin-button @click=${() => props.onSource(source)}>${source.label}</vaadin-button></li>`,
            )}
          </ul>
        `
      : nothing}
  `;
}

function renderStatus(loader: SourceLoader): TemplateResult | typeof nothing {
  if (loader.status === 'loading') {
    const progress = loader.progress;
    const fraction = progress && progress.totalBytes > 0 ? progress.bytes / progress.totalBytes : undefined;
    const text = progress
      ? t('connect.reading-rows', { name: loader.name, rows: progress.rows })
      : t('connect.reading', { name: loader.name });
    return html`
      <div class="status">
        <p>${text}</p>
        <vaadin-progress-bar
          aria-label=${t('connect.progress-label')}
          ?indeterminate=${fraction === undefined}
          .value=${fraction ?? 0}
        ></vaadin-progress-bar>
      </div>
    `;
  }

  const preview = loader.preview;
  return html`
    ${loader.error ? html`<p class="notice error" role="alert">${loader.error}</p>` : nothing}
    ${preview
      ? html`<p class="notice">
          ${t('connect.loaded', { name: loader.loadedName, rows: preview.rowCount, columns: preview.columns.length })}
          ${t('connect.load-next')}
        </p>`
      : nothing}
  `;
}
