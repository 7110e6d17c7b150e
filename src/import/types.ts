/**
 * Public types of the import pipeline. Everything here is plain data that
 * crosses between the page and the import worker by structured clone.
 */
import type { CountryCode } from '../model/identifiers.js';
import type { ImportCounts, ImportJob } from '../data/provider.js';
import type { ChannelKind, FieldType, UserInput } from '../model/types.js';

/** The role of a column: a name part, a contact identifier, an attribute of a data type, or nothing. */
export type SystemField =
  | 'fullName'
  | 'firstName'
  | 'lastName'
  | 'phone'
  | 'whatsapp'
  | 'email'
  | 'instagram'
  | 'text'
  | 'number'
  | 'date'
  | 'boolean'
  | 'tags'
  | 'ignore';

/** Fields whose values become contact identifiers, with the channel they become. */
export const IDENTIFIER_FIELDS = {
  phone: 'phone',
  whatsapp: 'whatsapp',
  email: 'email',
  instagram: 'instagram',
} as const satisfies Partial<Record<SystemField, ChannelKind>>;

export type IdentifierField = keyof typeof IDENTIFIER_FIELDS;

/** Fields whose values become name parts. */
export const NAME_FIELDS: readonly SystemField[] = ['fullName', 'firstName', 'lastName'];

/** Fields whose values are kept as attributes when the import creates a form. */
export const ATTRIBUTE_FIELDS: readonly SystemField[] = ['text', 'number', 'date', 'boolean', 'tags'];

/** `csv` for delimited files, `xlsx` for Excel workbooks, `text` for pasted text. */
export type SourceFormat = 'csv' | 'xlsx' | 'text';

/** Text encodings the decoder reads. `utf-8-bom` is UTF-8 that starts with a byte order mark. */
export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type Delimiter = ',' | ';' | '\t' | '|';

/**
 * How a source is read. `auto` (the default of each setting) detects it;
 * the preview reports what detection chose.
 */
export interface ParseSettings {
  encoding: TextEncodingName | 'auto';
  delimiter: Delimiter | 'auto';
  /** Sheet name of a workbook; `auto` picks the first sheet with data rows. */
  sheet: string | 'auto';
  /**
   * 1-based line (file line, or worksheet row) of the header; `0` means the
   * source has no header row and every row is data.
   */
  headerLine: number | 'auto';
}

/** Settings that detect everything. */
export const DEFAULT_PARSE_SETTINGS: ParseSettings = { encoding: 'auto', delimiter: 'auto', sheet: 'auto', headerLine: 'auto' };

/** One column of the source, in source order. */
export interface SourceColumn {
  /** 0-based position in the row. */
  index: number;
  /** Header text as written in the file; empty for a blank header or a column past the header. */
  header: string;
  /** Unique display label: the header, `Phone (2)` for a repeated one, `Column 5` for a blank one. */
  label: string;
  /** Up to five distinct non-empty values, taken from anywhere in the file. */
  samples: string[];
  /** Number of data rows with a non-empty value in this column. */
  filled: number;
}

/** A row whose number of cells differs from the header's. */
export interface RaggedRow {
  /** 1-based line where the row starts. */
  line: number;
  cells: number;
  expected: number;
}

/**
 * A quoting error the parser recovered from: a quote that never closes
 * swallows the rest of the file into one cell, so the row deserves a look.
 */
export interface QuoteProblem {
  line: number;
  code: 'unterminated-quote' | 'malformed-quote';
}

/** A source row as read, for choosing the header row. */
export interface LeadingRow {
  line: number;
  cells: string[];
}

/** The parser's findings, shown while the user connects and maps a source. */
export interface ParsePreview {
  fileName?: string;
  format: SourceFormat;
  /** The encoding used; absent for workbooks and pasted text, which need none. */
  encoding?: TextEncodingName;
  /** The delimiter used; absent for workbooks. */
  delimiter?: Delimiter;
  /** Sheet names of a workbook, in workbook order. */
  sheets?: string[];
  /** The sheet read. */
  sheet?: string;
  /** 1-based line of the header row, or 0 when the source has none. */
  headerLine: number;
  /** Lines above the header that were skipped as titles or notes (an Excel `sep=` line not included). */
  skippedPreambleLines: number;
  columns: SourceColumn[];
  /** Data rows below the header, blank rows not included. */
  rowCount: number;
  /** Rows made only of delimiters and spaces, skipped. */
  blankLinesSkipped: number;
  /** The first ragged rows (at most 100); {@link raggedRowCount} counts them all. */
  raggedRows: RaggedRow[];
  raggedRowCount: number;
  /** Quoting errors the parser recovered from, at most 100. */
  quoteProblems: QuoteProblem[];
  /** The first rows of the source from line 1, header and preamble included. */
  leadingRows: LeadingRow[];
  /** The settings in effect, with every `auto` resolved. */
  settings: ParseSettings;
  /** Size of the source in bytes (UTF-16 code units for pasted text). */
  totalBytes: number;
}

/** The import settings of one column. */
export interface ColumnMapping {
  /** {@link SourceColumn.index} of the column. */
  column: number;
  field: SystemField;
  /** Data type of the attribute; `text` for names and identifiers. */
  type: FieldType;
  /** Form field label; starts as the column label. */
  label: string;
  /** Form field description the user may write. */
  description: string;
  /** Attribute key the values are stored under; unique within a mapping. */
  key: string;
  /**
   * Column whose value labels this column's identifiers, such as Google's
   * `Phone 1 - Label` (`Mobile`) beside `Phone 1 - Value`.
   */
  labelColumn?: number;
  /** Why the field was suggested: by the header text or by the values. Absent once the user changes it. */
  matchedBy?: 'header' | 'values';
}

export interface MappingOptions {
  /** Country for phone numbers written without a country code. */
  defaultCountry?: CountryCode;
  /** Keep text, number, date, yes/no and tags columns as attributes (the import creates a form for them). */
  keepUnmappedAsAttributes: boolean;
  /** Column whose values name extra groups that each row joins. */
  groupColumn?: number;
}

/** Code of a problem with one cell or row. */
export type RowIssueCode =
  | 'name-required'
  | 'identifier-required'
  | 'empty'
  | 'scientific-notation'
  | 'not-a-phone-number'
  | 'phone-too-short'
  | 'phone-too-long'
  | 'phone-not-possible'
  | 'invalid-email'
  | 'invalid-instagram-handle';

export type RowWarningCode = 'phone-range-unknown';

/** One cell of a mapped row. */
export interface MappedCell {
  raw: string;
  /** The normalized value (E.164 phone, lower-cased e-mail…), for identifier columns; `:::`-joined when the cell held several. */
  value?: string;
  /** Reason the value (or one of its parts) was not imported. */
  issue?: RowIssueCode;
  warning?: RowWarningCode;
}

/** A row that is not imported, with the reason. */
export interface RowRejection {
  line: number;
  /** A {@link RowIssueCode}, or a provider's code such as `identifier-conflict`. */
  code: string;
  /** The system field or column label concerned. */
  field?: string;
  /** The raw value that failed, when there is one. */
  value?: string;
  /** English explanation, for logs and the rejected-rows download. */
  message: string;
}

/** A value that was imported with a warning, or a cell dropped from a row that was still imported. */
export interface RowWarning {
  line: number;
  code: RowWarningCode | RowIssueCode;
  /** The column label. */
  field: string;
  value: string;
  message: string;
}

/** A row merged into an earlier row of the same file because they share an identifier. */
export interface DuplicateRow {
  line: number;
  /** Line of the row it merged into. */
  duplicateOf: number;
  /** The identifier key they share, such as `email:ana@example.com`. */
  key: string;
}

/** One data row with its mapped values, for the live preview. */
export interface MappedRow {
  line: number;
  /** Per source column, in column order. */
  values: MappedCell[];
  /** The record the row becomes, before merging duplicates; absent when rejected. */
  record?: UserInput;
  rejection?: RowRejection;
  /** Set when the row merges into an earlier row. */
  duplicateOf?: number;
}

/** An existing user a record matched. */
export interface ExistingMatch {
  line: number;
  userId: string;
  name: string;
  /** The identifier key that matched. */
  key: string;
}

/** An extra group and the number of records that join it. */
export interface GroupPreview {
  name: string;
  size: number;
}

/**
 * Warnings an analysis or a report lists. Every row of a file can warn
 * (a phone number read with the default country), so a list of all of
 * them would grow with the file. The rest are counted.
 */
export const LISTED_WARNINGS = 1000;

/** The outcome an import would have, computed before anything is written. */
export interface ImportAnalysis {
  /** Data rows in the source. `totalRows = importable + rejected.length + duplicates.length`. */
  totalRows: number;
  /** Records that will be sent: `newUsers + existingUsers`. */
  importable: number;
  newUsers: number;
  existingUsers: number;
  existing: ExistingMatch[];
  rejected: RowRejection[];
  duplicates: DuplicateRow[];
  /** The first {@link LISTED_WARNINGS} warnings, in line order. */
  warnings: RowWarning[];
  /** Warnings in all, listed or not. */
  warningCount: number;
  blankLinesSkipped: number;
  raggedRowCount: number;
  raggedRows: RaggedRow[];
  groups: GroupPreview[];
  /** Columns with data that are dropped because no form keeps them. */
  droppedColumns: number[];
}

/** The outcome of a finished import. */
export interface ImportReport {
  importId: string;
  job: ImportJob;
  /** Counts of what the provider stored, as it reported them. */
  counts: ImportCounts;
  totalRows: number;
  /** Rows not imported: rejected by the pipeline, then by the provider. */
  rejected: RowRejection[];
  duplicates: DuplicateRow[];
  /** The first {@link LISTED_WARNINGS} warnings, in line order. */
  warnings: RowWarning[];
  /** Warnings in all, listed or not. */
  warningCount: number;
  blankLinesSkipped: number;
  raggedRowCount: number;
  /** Column labels, for the rejected-rows download. */
  columns: string[];
  /** Original cells of each rejected row, by line. */
  rejectedCells: Record<number, string[]>;
}

export interface OpenProgress {
  /** Bytes (or characters of pasted text) read so far. */
  bytes: number;
  totalBytes: number;
  rows: number;
}

export interface OpenOptions {
  signal?: AbortSignal;
  onProgress?(progress: OpenProgress): void;
}

export interface AnalyzeCall {
  signal?: AbortSignal;
  /**
   * Called while rows are mapped (`map`: rows done out of all rows), then
   * while their identifiers are looked up among existing users (`lookup`:
   * identifiers done out of all distinct identifiers). When the worker
   * looks the identifiers up while it maps the rows, `lookup` is called
   * once, with all of them done.
   */
  onProgress?(done: number, total: number, phase: 'map' | 'lookup'): void;
}

export interface RunCall {
  signal?: AbortSignal;
  /** Called after each stored batch with the records sent so far. */
  onProgress?(done: number, total: number): void;
  /** Records per provider batch; 500 by default. A resumed import must use the same size. */
  batchSize?: number;
}
