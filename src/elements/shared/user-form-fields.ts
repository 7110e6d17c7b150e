import { css, html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { defineMessages } from '../../i18n/catalog.js';
import type { ChannelKind, User } from '../../model/types.js';
import { channelLabel } from './channel.js';
import { FORM_CHANNELS, rowField, type IdentifierRow, type UserFormController } from './user-form.js';

const t = defineMessages('user-form', {
  'full-name': 'Full name',
  'first-name': 'First name',
  'last-name': 'Last name',
  'name-hint': 'Enter a full name, or a first and a last name.',
  identifiers: 'Contact identifiers',
  'identifiers-hint': 'Add at least one. Phone numbers without a country code are read in the default country.',
  channel: 'Channel',
  'value-phone': 'Phone number',
  'value-whatsapp': 'WhatsApp number',
  'value-email': 'E-mail address',
  'value-instagram': 'Instagram handle',
  'value-sms': 'SMS number',
  'value-other': 'Identifier',
  'add-identifier': 'Add identifier',
  'remove-identifier': 'Remove identifier {index}',
  'primary-channel': 'Primary channel',
  'primary-automatic': 'Channel of the first identifier',
  duplicate: '{value} already belongs to {name} (user ID {id}).',
  'open-user': 'Open {name}',
});

type ValueLabelKey = Parameters<typeof t>[0] & `value-${string}`;

interface SelectOption {
  label: string;
  value: string;
}

/** Callbacks the rendered fields call; the host element turns them into events. */
export interface UserFieldsHandlers {
  /** Called when the user chooses to open the owner of a duplicate identifier. */
  openUser(userId: string): void;
}

/** Renders the full, first and last name fields. */
export function renderNameFields(form: UserFormController): TemplateResult {
  const error = form.errors.get('name');
  return html`
    <div class="name-fields" part="name-fields">
      <vaadin-text-field
        class="full-name"
        label=${t('full-name')}
        helper-text=${t('name-hint')}
        .value=${form.name}
        ?invalid=${Boolean(error)}
        error-message=${error ?? ''}
        autocomplete="off"
        @value-changed=${(event: CustomEvent<{ value: string }>) => form.setNamePart('name', event.detail.value)}
      ></vaadin-text-field>
      <vaadin-text-field
        class="first-name"
        label=${t('first-name')}
        .value=${form.firstName}
        autocomplete="off"
        @value-changed=${(event: CustomEvent<{ value: string }>) => form.setNamePart('firstName', event.detail.value)}
      ></vaadin-text-field>
      <vaadin-text-field
        class="last-name"
        label=${t('last-name')}
        .value=${form.lastName}
        autocomplete="off"
        @value-changed=${(event: CustomEvent<{ value: string }>) => form.setNamePart('lastName', event.detail.value)}
      ></vaadin-text-field>
    </div>
  `;
}

/** Renders one row per identifier with its channel, value, errors and duplicate owner. */
export function renderIdentifierRows(form: UserFormController, handlers: UserFieldsHandlers): TemplateResult {
  const error = form.errors.get('identifiers');
  return html`
    <fieldset class="identifiers" part="identifiers">
      <legend>${t('identifiers')}</legend>
      <p class="hint">${t('identifiers-hint')}</p>
      <ul class="identifier-rows">
        ${repeat(
          form.rows,
          (row) => row.id,
          (row, index) => renderRow(form, row, index, handlers),
        )}
      </ul>
      ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
      <vaadin-button class="add-identifier" @click=${() => addRowAndFocus(form)}>${t('add-identifier')}</vaadin-button>
    </fieldset>
  `;
}

/** Renders the primary channel menu, offering the channels that have an identifier. */
export function renderPrimaryChannel(form: UserFormController): TemplateResult {
  const options: SelectOption[] = [
    { label: t('primary-automatic'), value: '' },
    ...form.channelsInUse.map((kind) => ({ label: channelLabel(kind), value: kind })),
  ];
  if (form.primaryChannel && !form.channelsInUse.includes(form.primaryChannel)) {
    options.push({ label: channelLabel(form.primaryChannel), value: form.primaryChannel });
  }
  return renderSelect({
    className: 'primary-channel',
    label: t('primary-channel'),
    options,
    value: form.primaryChannel,
    error: form.errors.get('primaryChannel'),
    onChange: (value) => form.setPrimaryChannel(value),
  });
}

function renderRow(
  form: UserFormController,
  row: IdentifierRow,
  index: number,
  handlers: UserFieldsHandlers,
): TemplateResult {
  const owner = form.duplicates.get(row.id);
  const error = form.errors.get(rowField(row)) ?? (owner ? duplicateMessage(row, owner) : undefined);
  const warning = form.warnings.get(rowField(row));
  const kinds = FORM_CHANNELS.includes(row.kind) ? FORM_CHANNELS : [...FORM_CHANNELS, row.kind];
  return html`
    <li class="identifier-row" part="identifier-row" data-row=${row.id}>
      ${renderSelect({
        className: 'identifier-kind',
        label: t('channel'),
        options: kinds.map((kind) => ({ label: channelLabel(kind), value: kind })),
        value: row.kind,
        onChange: (value) => form.updateRow(row.id, { kind: value }),
      })}
      <vaadin-text-field
        class="identifier-value"
        label=${valueLabel(row.kind)}
        .value=${row.value}
        ?invalid=${Boolean(error)}
        error-message=${error ?? ''}
        helper-text=${warning ?? ''}
        autocomplete="off"
        @value-changed=${(event: CustomEvent<{ value: string }>) => form.updateRow(row.id, { value: event.detail.value })}
      ></vaadin-text-field>
      <vaadin-button
        class="remove-identifier"
        theme="tertiary"
        aria-label=${t('remove-identifier', { index: index + 1 })}
        ?disabled=${form.rows.length === 1}
        @click=${() => form.removeRow(row.id)}
      >✕</vaadin-button>
      ${owner
        ? html`<vaadin-button class="open-duplicate" part="open-duplicate" @click=${() => handlers.openUser(owner.id)}
            >${t('open-user', { name: owner.name })}</vaadin-button
          >`
        : nothing}
    </li>
  `;
}

interface SelectField {
  className: string;
  label: string;
  options: SelectOption[];
  value: string;
  error?: string;
  onChange(value: string): void;
}

// A native <select> rather than vaadin-select: vaadin-select 25 clears its
// value button with `innerHTML`, which pages with Trusted Types reject, and
// the native control brings the platform's keyboard and screen reader support.
function renderSelect(field: SelectField): TemplateResult {
  const errorId = `${field.className}-error`;
  return html`
    <div class="select-field ${field.className}-field" ?data-invalid=${Boolean(field.error)}>
      <label>
        <span class="select-label">${field.label}</span>
        <select
          class=${field.className}
          part="select"
          aria-invalid=${field.error ? 'true' : 'false'}
          aria-describedby=${field.error ? errorId : nothing}
          @change=${(event: Event) => field.onChange((event.target as HTMLSelectElement).value)}
        >
          ${field.options.map(
            (option) => html`<option value=${option.value} .selected=${option.value === field.value}>${option.label}</option>`,
          )}
        </select>
      </label>
      ${field.error ? html`<p class="error select-error" id=${errorId}>${field.error}</p>` : nothing}
    </div>
  `;
}

function duplicateMessage(row: IdentifierRow, owner: User): string {
  return t('duplicate', { value: row.value.trim(), name: owner.name, id: owner.id });
}

function valueLabel(kind: ChannelKind): string {
  const key = `value-${kind}`;
  return FORM_CHANNELS.includes(kind) ? t(key as ValueLabelKey) : t('value-other');
}

async function addRowAndFocus(form: UserFormController): Promise<void> {
  const row = form.addRow();

  // Keyboard users land in the new row instead of staying on the button.
  await form.host.updateComplete;
  form.host.renderRoot.querySelector<HTMLElement>(`[data-row="${row.id}"] .identifier-value`)?.focus();
}

/** Layout of the fields above; include in the host's `styles`. */
export const userFormStyles = css`
  .name-fields {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_user-form-space, 1rem);
  }

  .identifiers {
    border: none;
    margin: 0;
    padding: 0;
  }

  .identifiers legend {
    font-weight: 600;
    padding: 0;
  }

  .identifier-rows {
    list-style: none;
    margin: 0;
    padding: 0;
  }

  .identifier-row {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 calc(var(--_user-form-space, 1rem) / 2);
  }

  .identifier-value {
    flex: 1 1 14rem;
  }

  .select-field {
    display: inline-flex;
    flex-direction: column;
    padding: var(--lumo-space-xs, 0.25rem) 0;
  }

  .select-field label {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }

  .select-label {
    color: var(--_user-form-secondary-text-color, #57606a);
    font-size: var(--lumo-font-size-s, 0.875rem);
    font-weight: 500;
  }

  .select-field select {
    min-height: var(--lumo-size-m, 2.25rem);
    padding: 0 calc(var(--_user-form-space, 1rem) / 2);
    border: 1px solid var(--lumo-contrast-30pct, #8c959f);
    border-radius: var(--lumo-border-radius-m, 0.25rem);
    background: var(--lumo-contrast-5pct, transparent);
    color: inherit;
    font: inherit;
  }

  .select-field select:focus-visible {
    outline: 2px solid var(--all-users-accent-color, #0969da);
    outline-offset: 1px;
  }

  .select-field[data-invalid] select {
    border-color: var(--_user-form-error-color, #b3261e);
  }

  .select-error {
    margin: 0.25rem 0 0;
    font-size: 0.875em;
  }

  .hint {
    margin: 0.25rem 0;
    color: var(--_user-form-secondary-text-color, #57606a);
    font-size: 0.875em;
  }

  .error {
    color: var(--_user-form-error-color, #b3261e);
  }
`;
