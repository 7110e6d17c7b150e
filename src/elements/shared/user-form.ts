import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { IdentifierMatch, UserDataProvider } from '../../data/provider.js';
import { describeIssue } from '../../i18n/data-messages.js';
import { identifierKey, normalizeIdentifier, type CountryCode } from '../../model/identifiers.js';
import type { ChannelKind, ContactIdentifier, User, UserInput } from '../../model/types.js';
import { validateUserInput, type FieldIssue, type FieldWarning, type NameParts } from '../../model/user.js';

/** Channels offered for new identifiers, in the order the kind menu lists them. */
export const FORM_CHANNELS: readonly ChannelKind[] = ['phone', 'whatsapp', 'email', 'instagram', 'sms'];

/** One editable identifier; `id` keeps a row's field and errors together when rows are removed. */
export interface IdentifierRow {
  id: number;
  kind: ChannelKind;
  value: string;
  label?: string;
}

/** The values a form starts from: a stored user, or nothing for a new one. */
export type UserFormSeed = Partial<Pick<User, 'name' | 'firstName' | 'lastName' | 'identifiers' | 'primaryChannel'>>;

/** Key of an error in {@link UserFormController.errors} for one identifier row. */
export function rowField(row: Pick<IdentifierRow, 'id'>): string {
  return `row:${row.id}`;
}

/**
 * State and validation of a user's names, contact identifiers and primary
 * channel, shared by the create wizard and the profile's edit mode so that
 * both apply the rules providers apply (`validateUserInput`) and the same
 * duplicate check.
 */
export class UserFormController implements ReactiveController {
  name = '';
  firstName = '';
  lastName = '';
  rows: IdentifierRow[] = [];
  /** Empty means the first identifier's channel. */
  primaryChannel: ChannelKind | '' = '';
  /** Country for phone numbers written without a country code. */
  defaultCountry: CountryCode | undefined;
  /** Errors by field (`name`, `identifiers`, `primaryChannel` or {@link rowField}), in the current locale. */
  get errors(): ReadonlyMap<string, string> {
    return describeIssues(this.errorIssues);
  }
  /** Warnings that do not block saving, keyed like {@link errors}, in the current locale. */
  get warnings(): ReadonlyMap<string, string> {
    return describeIssues(this.warningIssues);
  }
  /** Users who already own a row's identifier, by row id. */
  duplicates = new Map<number, User>();
  /** True once the user changed a value since {@link reset}. */
  dirty = false;

  private nextRowId = 1;
  // Issues, not texts, so that a locale switch translates them again.
  private errorIssues = new Map<string, FieldIssue>();
  private warningIssues = new Map<string, FieldWarning>();
  // Errors appear after the first attempt to continue, then follow every edit.
  private showErrors = false;

  constructor(readonly host: ReactiveControllerHost & { renderRoot: ParentNode }) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Starts over from a stored user, or from one empty phone row. */
  reset(seed: UserFormSeed = {}): void {
    this.name = seed.name ?? '';
    this.firstName = seed.firstName ?? '';
    this.lastName = seed.lastName ?? '';
    const identifiers = seed.identifiers?.length ? seed.identifiers : [{ kind: 'phone', value: '' }];
    this.rows = identifiers.map((identifier) => this.newRow(identifier));
    this.primaryChannel = seed.primaryChannel ?? '';
    this.errorIssues = new Map();
    this.warningIssues = new Map();
    this.duplicates = new Map();
    this.dirty = false;
    this.showErrors = false;
    this.host.requestUpdate();
  }

  /** Channels that have a non-blank identifier, for the primary channel menu. */
  get channelsInUse(): ChannelKind[] {
    return [...new Set(this.filledRows().map((row) => row.kind))];
  }

  setNamePart(part: 'name' | 'firstName' | 'lastName', value: string): void {
    if (this[part] === value) return;
    this[part] = value;
    this.changed();
  }

  setPrimaryChannel(kind: ChannelKind | ''): void {
    if (this.primaryChannel === kind) return;
    this.primaryChannel = kind;
    this.changed();
  }

  addRow(kind: ChannelKind = 'phone'): IdentifierRow {
    const row = this.newRow({ kind, value: '' });
    this.rows = [...this.rows, row];
    this.changed();
    return row;
  }

  removeRow(id: number): void {
    this.rows = this.rows.filter((row) => row.id !== id);
    this.duplicates.delete(id);
    this.changed();
  }

  updateRow(id: number, patch: Partial<Pick<IdentifierRow, 'kind' | 'value'>>): void {
    const row = this.rows.find((candidate) => candidate.id === id);
    if (!row) return;
    const unchanged = (patch.kind ?? row.kind) === row.kind && (patch.value ?? row.value) === row.value;
    if (unchanged) return;
    Object.assign(row, patch);
    this.rows = [...this.rows];
    this.duplicates.delete(id);
    this.changed();
  }

  /**
   * Validates and normalizes the form, shows every problem beside its field
   * and returns the normalized input, or `undefined` when something is wrong.
   * Blank identifier rows are ignored rather than reported.
   */
  validate(): (UserInput & NameParts) | undefined {
    this.showErrors = true;
    const filled = this.filledRows();
    const input: UserInput = {
      name: this.name,
      firstName: this.firstName,
      lastName: this.lastName,
      identifiers: filled.map(({ kind, value, label }) => (label ? { kind, value, label } : { kind, value })),
    };
    if (this.primaryChannel) input.primaryChannel = this.primaryChannel;

    const result = validateUserInput(input, this.normalizeOptions());
    this.applyIssues(result.issues, filled);
    this.warningIssues = new Map();
    for (const warning of result.warnings) {
      const row = this.rowOfField(warning.field, filled);
      if (row) this.warningIssues.set(rowField(row), warning);
    }
    this.host.requestUpdate();
    return result.issues.length === 0 && this.duplicates.size === 0 ? result.user : undefined;
  }

  /**
   * Shows issues a provider reported (a `ValidationError`) beside their
   * fields. Identifier issues refer to the non-blank rows in order.
   */
  applyIssues(issues: readonly FieldIssue[], filled: IdentifierRow[] = this.filledRows()): void {
    this.errorIssues = new Map();
    for (const issue of issues) {
      const row = this.rowOfField(issue.field, filled);
      const field = row ? rowField(row) : issue.field.split('.')[0] ?? issue.field;
      if (!this.errorIssues.has(field)) this.errorIssues.set(field, issue);
    }
    this.host.requestUpdate();
  }

  /**
   * Looks up who owns the form's identifiers and marks each row whose value
   * belongs to a user other than `exceptUserId`. Returns true when none does.
   */
  async checkDuplicates(
    provider: UserDataProvider,
    identifiers: ContactIdentifier[],
    exceptUserId?: string,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const matches = identifiers.length > 0 ? await provider.findByIdentifiers(identifiers, { signal }) : [];
    this.duplicates = this.duplicatesByRow(matches.filter((match) => match.user.id !== exceptUserId));
    this.host.requestUpdate();
    return this.duplicates.size === 0;
  }

  private duplicatesByRow(matches: IdentifierMatch[]): Map<number, User> {
    const owners = new Map<string, User>();
    for (const match of matches) owners.set(identifierKey(match.identifier), match.user);

    const byRow = new Map<number, User>();
    for (const row of this.filledRows()) {
      const normalized = normalizeIdentifier(row.kind, row.value, this.normalizeOptions());
      if (!normalized.ok) continue;
      const owner = owners.get(identifierKey({ kind: row.kind, value: normalized.value }));
      if (owner) byRow.set(row.id, owner);
    }
    return byRow;
  }

  private changed(): void {
    this.dirty = true;
    if (this.showErrors) this.validate();
    this.host.requestUpdate();
  }

  private filledRows(): IdentifierRow[] {
    return this.rows.filter((row) => row.value.trim() !== '');
  }

  private rowOfField(field: string, filled: IdentifierRow[]): IdentifierRow | undefined {
    const match = /^identifiers\.(\d+)$/.exec(field);
    return match ? filled[Number(match[1])] : undefined;
  }

  private normalizeOptions() {
    return this.defaultCountry ? { defaultCountry: this.defaultCountry } : {};
  }

  private newRow(identifier: Pick<ContactIdentifier, 'kind' | 'value' | 'label'>): IdentifierRow {
    const row: IdentifierRow = { id: this.nextRowId++, kind: identifier.kind, value: identifier.value };
    if (identifier.label) row.label = identifier.label;
    return row;
  }
}

function describeIssues(issues: ReadonlyMap<string, FieldIssue | FieldWarning>): Map<string, string> {
  return new Map([...issues].map(([field, issue]) => [field, describeIssue(issue)]));
}
