import { html, nothing, type TemplateResult } from 'lit';
import type { ColumnMapping, GroupPreview, SourceColumn } from '../../import/types.js';
import { t } from './messages.js';

export interface MetadataStepProps {
  groupName: string;
  /** The reason the group name cannot be used, or empty. */
  groupNameError: string;
  /** The reason the existing groups could not be loaded, or empty. */
  groupsError: string;
  description: string;
  tagsText: string;
  createForm: boolean;
  extraGroups: boolean;
  groupColumn: number | undefined;
  columns: readonly SourceColumn[];
  /** Columns that the form keeps, or that are dropped without it. */
  attributeMapping: readonly ColumnMapping[];
  /** Attribute columns with data, dropped without a form. */
  losingData: readonly SourceColumn[];
  ignored: readonly SourceColumn[];
  groupPreview: readonly GroupPreview[] | undefined;
  groupPreviewPending: boolean;
  groupPreviewError: string;
  /** Extra group names that existing groups already have. */
  takenExtraNames: readonly string[];
  onGroupName(name: string): void;
  onDescription(description: string): void;
  onTags(text: string): void;
  onCreateForm(checked: boolean): void;
  onExtraGroups(checked: boolean): void;
  onGroupColumn(column: number): void;
}

/** Extra groups listed before the rest are summarized as "and N more". */
const LISTED_GROUPS = 50;

export function renderMetadataStep(props: MetadataStepProps): TemplateResult {
  const labels = new Map(props.columns.map((column) => [column.index, column.label]));

  return html`
    <p class="muted">${t('metadata.intro')}</p>
    <vaadin-text-field
      label=${t('metadata.group-name')}
      required
      .value=${props.groupName}
      .invalid=${props.groupNameError !== ''}
      error-message=${props.groupNameError}
      @input=${(event: Event) => props.onGroupName(fieldValue(event))}
    ></vaadin-text-field>
    ${props.groupsError ? html`<p class="notice warning">${props.groupsError}</p>` : nothing}
    <vaadin-text-area
      label=${t('metadata.description')}
      .value=${props.description}
      @input=${(event: Event) => props.onDescription(fieldValue(event))}
    ></vaadin-text-area>
    <vaadin-text-field
      label=${t('metadata.tags')}
      helper-text=${t('metadata.tags-help')}
      .value=${props.tagsText}
      @input=${(event: Event) => props.onTags(fieldValue(event))}
    ></vaadin-text-field>
    ${renderFormChoice(props, labels)} ${renderExtraGroups(props)}
  `;
}

function renderFormChoice(props: MetadataStepProps, labels: Map<number, string>): TemplateResult {
  const ignored =
    props.ignored.length > 0
      ? html`<p class="muted">
          ${t('metadata.ignored', { columns: props.ignored.map((column) => column.label).join(', ') })}
        </p>`
      : nothing;

  if (props.attributeMapping.length === 0) {
    return html`<p>${t('metadata.nothing-dropped')}</p>
      ${ignored}`;
  }

  return html`
    <vaadin-checkbox
      label=${t('metadata.create-form')}
      .checked=${props.createForm}
      @change=${(event: Event) => props.onCreateForm((event.currentTarget as HTMLInputElement).checked)}
    ></vaadin-checkbox>
    ${props.createForm
      ? html`<div>
          <p id="form-fields">${t('metadata.form-fields')}</p>
          <ul class="list" aria-labelledby="form-fields">
            ${props.attributeMapping.map(
              (entry) => html`<li>${labels.get(entry.column)} (${t(`field.${entry.field}`)})</li>`,
            )}
          </ul>
        </div>`
      : props.losingData.length > 0
        ? html`<div class="notice warning" part="dropped-columns">
            <p id="dropped-columns">${t('metadata.dropped')}</p>
            <ul class="list" aria-labelledby="dropped-columns">
              ${props.losingData.map((column) => html`<li>${column.label}</li>`)}
            </ul>
          </div>`
        : nothing}
    ${ignored}
  `;
}

function renderExtraGroups(props: MetadataStepProps): TemplateResult {
  return html`
    <vaadin-checkbox
      label=${t('metadata.extra-groups')}
      .checked=${props.extraGroups}
      @change=${(event: Event) => props.onExtraGroups((event.currentTarget as HTMLInputElement).checked)}
    ></vaadin-checkbox>
    ${props.extraGroups
      ? html`
          <label class="select">
            ${t('metadata.group-column')}
            <select
              name="group-column"
              @change=${(event: Event) => props.onGroupColumn(Number((event.target as HTMLSelectElement).value))}
            >
              ${props.columns.map(
                (column) =>
                  html`<option value=${column.index} ?selected=${column.index === props.groupColumn}>
                    ${column.label}
                  </option>`,
              )}
            </select>
          </label>
          ${renderGroupPreview(props)}
        `
      : nothing}
  `;
}

function renderGroupPreview(props: MetadataStepProps): TemplateResult {
  if (props.groupPreviewError) return html`<p class="notice error" role="alert">${props.groupPreviewError}</p>`;
  if (props.groupPreviewPending || !props.groupPreview) {
    return html`<p class="muted" role="status">${t('metadata.groups-loading')}</p>`;
  }
  if (props.groupPreview.length === 0) return html`<p>${t('metadata.groups-empty')}</p>`;

  const listed = props.groupPreview.slice(0, LISTED_GROUPS);
  const rest = props.groupPreview.length - listed.length;
  return html`
    <div part="group-preview">
      <h3 id="group-preview-heading">${t('metadata.groups-preview')}</h3>
      <ul class="list" aria-labelledby="group-preview-heading">
        ${listed.map((group) => html`<li>${t('metadata.group-size', { name: group.name, size: group.size })}</li>`)}
        ${rest > 0 ? html`<li>${t('preview.more', { count: rest })}</li>` : nothing}
      </ul>
      ${props.takenExtraNames.map(
        (name) => html`<p class="notice error" role="alert">${t('metadata.extra-group-taken', { name })}</p>`,
      )}
    </div>
  `;
}

function fieldValue(event: Event): string {
  return (event.currentTarget as HTMLInputElement).value;
}
