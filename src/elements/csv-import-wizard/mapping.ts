import type { FieldType } from '../../model/types.js';
import {
  ATTRIBUTE_FIELDS,
  IDENTIFIER_FIELDS,
  type ColumnMapping,
  type SourceColumn,
  type SystemField,
} from '../../import/types.js';

/** System fields in the order the field select lists them. */
export const FIELD_CHOICES: readonly SystemField[] = [
  'fullName',
  'firstName',
  'lastName',
  'phone',
  'whatsapp',
  'email',
  'instagram',
  'text',
  'number',
  'date',
  'boolean',
  'tags',
  'ignore',
];

/** Data types an attribute column can have. */
export const TYPE_CHOICES: readonly FieldType[] = ['text', 'number', 'date', 'boolean', 'tags'];

export function isIdentifierField(field: SystemField): boolean {
  return field in IDENTIFIER_FIELDS;
}

export function isAttributeField(field: SystemField): boolean {
  return ATTRIBUTE_FIELDS.includes(field);
}

/** The two conditions a mapping must meet before the wizard leaves the Define data step. */
export interface MappingRequirement {
  hasName: boolean;
  hasIdentifier: boolean;
}

export function checkMapping(mapping: readonly ColumnMapping[]): MappingRequirement {
  return {
    hasName: mapping.some((column) => column.field === 'fullName' || column.field === 'firstName'),
    hasIdentifier: mapping.some((column) => isIdentifierField(column.field)),
  };
}

/**
 * Changes a column's field. Attribute fields carry their own data type, so
 * choosing `number` sets the type to `number`; names and identifiers are text.
 */
export function withField(mapping: readonly ColumnMapping[], column: number, field: SystemField): ColumnMapping[] {
  return mapping.map((entry) => {
    if (entry.column !== column) return entry;
    const type: FieldType = isAttributeField(field) ? (field as FieldType) : 'text';
    return userChanged({ ...entry, field, type });
  });
}

/** Changes an attribute column's data type, which is also its field. */
export function withType(mapping: readonly ColumnMapping[], column: number, type: FieldType): ColumnMapping[] {
  return mapping.map((entry) => (entry.column === column ? userChanged({ ...entry, field: type, type }) : entry));
}

export function withDescription(mapping: readonly ColumnMapping[], column: number, description: string): ColumnMapping[] {
  return mapping.map((entry) => (entry.column === column ? { ...entry, description } : entry));
}

function userChanged(entry: ColumnMapping): ColumnMapping {
  const { matchedBy: _matchedBy, ...rest } = entry;
  return rest;
}

/** The user's choice for a column, remembered by the column's label. */
export type ColumnChoice = Pick<ColumnMapping, 'field' | 'type' | 'description'>;

/**
 * Applies the user's remembered choices to the suggested mapping of a
 * source read again (another delimiter, encoding, sheet or file). A column
 * keeps the choice made for a column with the same label. Every other
 * column takes the new suggestion, because that was made for its values.
 */
export function applyChoices(
  suggested: readonly ColumnMapping[],
  columns: readonly SourceColumn[],
  choices: ReadonlyMap<string, ColumnChoice>,
): ColumnMapping[] {
  return suggested.map((suggestion) => {
    const label = columns.find((column) => column.index === suggestion.column)?.label;
    const choice = label === undefined ? undefined : choices.get(label);
    if (!choice) return suggestion;
    return userChanged({ ...suggestion, ...choice });
  });
}

/** Columns whose values become attributes, kept only when the import creates a form. */
export function attributeColumns(mapping: readonly ColumnMapping[]): ColumnMapping[] {
  return mapping.filter((entry) => isAttributeField(entry.field));
}

/** Attribute columns that hold data somewhere in the file, and so lose it without a form. */
export function columnsLosingData(
  mapping: readonly ColumnMapping[],
  columns: readonly SourceColumn[],
): SourceColumn[] {
  const attributeIndexes = new Set(attributeColumns(mapping).map((entry) => entry.column));
  return columns.filter((column) => attributeIndexes.has(column.index) && column.filled > 0);
}

export function ignoredColumns(mapping: readonly ColumnMapping[], columns: readonly SourceColumn[]): SourceColumn[] {
  const ignored = new Set(mapping.filter((entry) => entry.field === 'ignore').map((entry) => entry.column));
  return columns.filter((column) => ignored.has(column.index));
}

/** Splits the Tags field's text at commas into distinct, trimmed tags. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((tag) => tag.trim()).filter((tag) => tag !== ''))];
}
