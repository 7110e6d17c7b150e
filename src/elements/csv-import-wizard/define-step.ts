import { html, nothing, type TemplateResult } from 'lit';
import type {
  ColumnMapping,
  Delimiter,
  MappedCell,
  MappedRow,
  ParsePreview,
  ParseSettings,
  SourceColumn,
  SystemField,
  TextEncodingName,
} from '../../import/types.js';
import { formatNumberList } from '../../i18n/format.js';
import type { FieldType } from '../../model/types.js';
import { describeProblem } from './describe.js';
import { FIELD_CHOICES, isAttributeField, isIdentifierField, TYPE_CHOICES } from './mapping.js';
import { t } from './messages.js';

export interface DefineStepProps {
  preview: ParsePreview;
  reparsing: boolean;
  mapping: readonly ColumnMapping[];
  rows: readonly MappedRow[] | undefined;
  rowsPending: boolean;
  /** The reason the live preview failed, or empty. */
  rowsError: string;
  /** Rows the live preview shows. */
  previewSize: number;
  onSettings(settings: Partial<ParseSettings>): void;
  onField(column: number, field: SystemField): void;
  onType(column: number, type: FieldType): void;
  onDescription(column: number, description: string): void;
}

const ENCODINGS: readonly TextEncodingName[] = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'];

const DELIMITERS: readonly { value: Delimiter; key: 'comma' | 'semicolon' | 'tab' | 'pipe' }[] = [
  { value: ',', key: 'comma' },
  { value: ';', key: 'semicolon' },
  { value: '\t', key: 'tab' },
  { value: '|', key: 'pipe' },
];

/** Leading rows offered as the header row; preambles longer than this are rare. */
const HEADER_CHOICES = 10;

export function renderDefineStep(props: DefineStepProps): TemplateResult {
  const { preview } = props;
  return html`
    <p class="muted">${t('define.intro')}</p>
    ${renderSettings(props)} ${renderSourceFacts(preview)}
    <div class="table-scroll" tabindex="0" role="region" aria-label=${t('define.columns')}>
      <table part="mapping-table">
        <caption>
          ${t('define.columns')}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('define.column')}</th>
            <th scope="col">${t('define.samples')}</th>
            <th scope="col">${t('define.field')}</th>
            <th scope="col">${t('define.type')}</th>
            <th scope="col">${t('define.description')}</th>
          </tr>
        </thead>
        <tbody>
          ${preview.columns.map((column) => renderMappingRow(props, column))}
        </tbody>
      </table>
    </div>
    ${renderRecordsTable(props.preview.columns, props.mapping, props.rows, {
      caption: t('define.preview', { count: props.previewSize }),
      pending: props.rowsPending,
      error: props.rowsError,
    })}
  `;
}

function renderSettings(props: DefineStepProps): TemplateResult {
  const { preview } = props;
  const settings = preview.settings;
  const leadingRows = preview.leadingRows.slice(0, HEADER_CHOICES);

  return html`
    <fieldset class="settings" ?disabled=${props.reparsing}>
      <legend>${t('define.settings')}</legend>
      ${preview.encoding
        ? html`<label class="select">
            ${t('define.encoding')}
            <select
              name="encoding"
              @change=${(event: Event) =>
                props.onSettings({ encoding: selectValue(event) as TextEncodingName })}
            >
              ${ENCODINGS.map(
                (encoding) =>
                  html`<option value=${encoding} ?selected=${encoding === preview.encoding}>
                    ${t(`encoding.${encoding}`)}
                  </option>`,
              )}
            </select>
          </label>`
        : nothing}
      ${preview.delimiter
        ? html`<label class="select">
            ${t('define.delimiter')}
            <select
              name="delimiter"
              @change=${(event: Event) => props.onSettings({ delimiter: selectValue(event) as Delimiter })}
            >
              ${DELIMITERS.map(
                (delimiter) =>
                  html`<option value=${delimiter.value} ?selected=${delimiter.value === preview.delimiter}>
                    ${t(`delimiter.${delimiter.key}`)}
                  </option>`,
              )}
            </select>
          </label>`
        : nothing}
      ${preview.sheets && preview.sheets.length > 0
        ? html`<label class="select">
            ${t('define.sheet')}
            <select name="sheet" @change=${(event: Event) => props.onSettings({ sheet: selectValue(event) })}>
              ${preview.sheets.map(
                (sheet) => html`<option value=${sheet} ?selected=${sheet === preview.sheet}>${sheet}</option>`,
              )}
            </select>
          </label>`
        : nothing}
      <label class="select">
        ${t('define.header-line')}
        <select
          name="header-line"
          @change=${(event: Event) => props.onSettings({ headerLine: Number(selectValue(event)) })}
        >
          <option value="0" ?selected=${settings.headerLine === 0}>${t('define.no-header')}</option>
          ${leadingRows.map(
            (row) =>
              html`<option value=${row.line} ?selected=${row.line === preview.headerLine}>
                ${t('define.header-option', { line: row.line, cells: summarizeCells(row.cells) })}
              </option>`,
          )}
        </select>
      </label>
      ${props.reparsing ? html`<p class="muted" role="status">${t('define.reparsing')}</p>` : nothing}
    </fieldset>
  `;
}

function renderSourceFacts(preview: ParsePreview): TemplateResult {
  const raggedLines = formatNumberList(
    preview.raggedRows.slice(0, 5).map((row) => row.line),
    preview.raggedRowCount > 5,
  );
  return html`
    <ul class="list">
      <li>${t('define.rows', { count: preview.rowCount })}</li>
      ${preview.skippedPreambleLines > 0
        ? html`<li>${t('define.preamble', { count: preview.skippedPreambleLines })}</li>`
        : nothing}
      ${preview.blankLinesSkipped > 0
        ? html`<li>${t('define.blank-lines', { count: preview.blankLinesSkipped })}</li>`
        : nothing}
      ${preview.raggedRowCount > 0
        ? html`<li class="warning">
            ${t('define.ragged', {
              count: preview.raggedRowCount,
              lines: raggedLines,
            })}
          </li>`
        : nothing}
    </ul>
  `;
}

function renderMappingRow(props: DefineStepProps, column: SourceColumn): TemplateResult | typeof nothing {
  const entry = props.mapping.find((candidate) => candidate.column === column.index);
  if (!entry) return nothing;
  const label = column.label;

  return html`
    <tr>
      <th scope="row">
        <span class="column-label">${label}</span>
        ${entry.matchedBy === 'values' ? html`<br /><span class="muted">${t('define.matched-values')}</span>` : nothing}
      </th>
      <td>
        ${column.samples.length > 0
          ? html`<ul class="samples">
              ${column.samples.map((sample) => html`<li title=${sample}>${sample}</li>`)}
            </ul>`
          : html`<span class="muted">${t('define.no-samples')}</span>`}
      </td>
      <td>
        <select
          aria-label=${t('define.field-for', { column: label })}
          @change=${(event: Event) => props.onField(column.index, selectValue(event) as SystemField)}
        >
          ${FIELD_CHOICES.map(
            (field) => html`<option value=${field} ?selected=${field === entry.field}>${t(`field.${field}`)}</option>`,
          )}
        </select>
      </td>
      <td>${renderType(props, entry, label)}</td>
      <td>
        <input
          class="description"
          type="text"
          aria-label=${t('define.description-for', { column: label })}
          .value=${entry.description}
          @change=${(event: Event) => props.onDescription(column.index, (event.target as HTMLInputElement).value)}
        />
      </td>
    </tr>
  `;
}

function renderType(props: DefineStepProps, entry: ColumnMapping, label: string): TemplateResult {
  if (isAttributeField(entry.field)) {
    return html`
      <select
        aria-label=${t('define.type-for', { column: label })}
        @change=${(event: Event) => props.onType(entry.column, selectValue(event) as FieldType)}
      >
        ${TYPE_CHOICES.map(
          (type) => html`<option value=${type} ?selected=${type === entry.type}>${t(`field.${type}`)}</option>`,
        )}
      </select>
    `;
  }
  return html`<span class="muted">${t(fixedTypeKey(entry.field))}</span>`;
}

function fixedTypeKey(field: SystemField): 'type.name' | 'type.phone' | 'type.email' | 'type.instagram' | 'type.none' {
  if (field === 'ignore') return 'type.none';
  if (field === 'email') return 'type.email';
  if (field === 'instagram') return 'type.instagram';
  if (isIdentifierField(field)) return 'type.phone';
  return 'type.name';
}

/**
 * Renders mapped records, one row per source row, marking cells that will
 * not be imported with the reason in their tooltip and in hidden text.
 */
export function renderRecordsTable(
  columns: readonly SourceColumn[],
  mapping: readonly ColumnMapping[],
  rows: readonly MappedRow[] | undefined,
  options: { caption: string; pending: boolean; error: string },
): TemplateResult {
  if (options.error) return html`<p class="notice error" role="alert">${options.error}</p>`;
  const shown = mapping.filter((entry) => entry.field !== 'ignore');
  const labels = new Map(columns.map((column) => [column.index, column.label]));

  return html`
    <div class="table-scroll" tabindex="0" role="region" aria-label=${options.caption}>
      <table part="preview-table" aria-busy=${options.pending ? 'true' : 'false'}>
        <caption>
          ${options.caption}
          ${options.pending ? html`<span class="muted">${t('define.preview-loading')}</span>` : nothing}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('define.line')}</th>
            <th scope="col">${t('define.status')}</th>
            ${shown.map(
              (entry) => html`<th scope="col">
                ${labels.get(entry.column)}<br /><span class="muted">${t(`field.${entry.field}`)}</span>
              </th>`,
            )}
          </tr>
        </thead>
        <tbody>
          ${(rows ?? []).map(
            (row) => html`
              <tr class=${row.rejection ? 'rejected' : ''}>
                <th scope="row">${row.line}</th>
                <td class="status">${rowStatus(row)}</td>
                ${shown.map((entry) => renderCell(row.values[entry.column]))}
              </tr>
            `,
          )}
        </tbody>
      </table>
    </div>
  `;
}

function renderCell(cell: MappedCell | undefined): TemplateResult {
  if (!cell) return html`<td></td>`;
  const text = cell.value ?? cell.raw;
  if (cell.issue) {
    const reason = describeProblem({ code: cell.issue, value: cell.raw });
    return html`<td class="invalid" title=${reason}>
      ${text}<span class="visually-hidden">${t('define.invalid-cell', { reason })}</span>
    </td>`;
  }
  if (cell.warning) {
    const reason = describeProblem({ code: cell.warning, value: cell.value ?? cell.raw });
    return html`<td class="warned" title=${reason}>
      ${text}<span class="visually-hidden">${t('define.warning-cell', { reason })}</span>
    </td>`;
  }
  return html`<td title=${text}>${text}</td>`;
}

function rowStatus(row: MappedRow): string {
  if (row.rejection) return describeProblem(row.rejection);
  if (row.duplicateOf !== undefined) return t('define.status-duplicate', { line: row.duplicateOf });
  return t('define.status-ok');
}

function selectValue(event: Event): string {
  return (event.target as HTMLSelectElement).value;
}

function summarizeCells(cells: readonly string[]): string {
  const text = cells.filter((cell) => cell.trim() !== '').join(', ');
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
