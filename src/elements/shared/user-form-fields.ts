import { css, html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { SelectItemData } from '@vaadin/select';
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

// vaadin-select shows an empty value as no selection, so "the first
// identifier's channel" needs a value of its own.
const FIRST_IDENTIFIER_CHANNEL = '(first identifier)';

type ValueLabelKey = Parameters<typeof t>[0] & `value-${string}`;

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
  const items: SelectItemData[] = [
    { label: t('primary-automatic'), value: FIRST_IDENTIFIER_CHANNEL },
    ...form.channelsInUse.map((kind) => ({ label: channelLabel(kind), value: kind })),
  ];
  if (form.primaryChannel && !form.channelsInUse.includes(form.primaryChannel)) {
    items.push({ label: channelLabel(form.primaryChannel), value: form.primaryChannel });
  }
  const error = form.errors.get('primaryChannel');
  return html`
    <vaadin-select
      class="primary-channel"
      label=${t('primary-channel')}
      .items=${items}
      .value=${form.primaryChannel || FIRST_IDENTIFIER_CHANNEL}
      ?invalid=${Boolean(error)}
      error-message=${error ?? ''}
      @value-changed=${(event: CustomEvent<{ value: string }>) =>
        form.setPrimaryChannel(event.detail.value === FIRST_IDENTIFIER_CHANNEL ? '' : event.detail.value)}
    ></vaadin-select>
  `;
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
      <vaadin-select
        class="identifier-kind"
        label=${t('channel')}
        .items=${kinds.map((kind) => ({ label: channelLabel(kind), value: kind }))}
        .value=${row.kind}
        @value-changed=${(event: CustomEvent<{ value: string }>) => form.updateRow(row.id, { kind: event.detail.value })}
      ></vaadin-select>
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

  .hint {
    margin: 0.25rem 0;
    color: var(--_user-form-secondary-text-color, #57606a);
    font-size: 0.875em;
  }

  .error {
    color: var(--_user-form-error-color, #b3261e);
  }
`;
