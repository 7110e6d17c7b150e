import type { ImportOptions, UserDataProvider } from '../data/provider.js';
import type {
  AnalyzeCall,
  ColumnMapping,
  ImportAnalysis,
  ImportReport,
  MappedRow,
  MappingOptions,
  OpenOptions,
  ParsePreview,
  ParseSettings,
  RunCall,
} from './types.js';

/**
 * The page's handle on one source being imported. The parsed rows live in
 * a module worker; only previews and record batches cross to the page, so
 * the page stays responsive through large files.
 */
export class ImportSession {
  /** What the parser found with the current settings. */
  preview!: ParsePreview;

  /** Reads a file, a blob or pasted text in a new worker. */
  static async open(
    _source: Blob | File | string,
    _settings: Partial<ParseSettings> = {},
    _options: OpenOptions = {},
  ): Promise<ImportSession> {
    throw new Error('not implemented');
  }

  /** Reads the source again with changed settings; unchanged settings keep their value. */
  async reparse(_settings: Partial<ParseSettings>): Promise<ParsePreview> {
    throw new Error('not implemented');
  }

  /** Suggests a field for every column from its header and values. */
  suggestMapping(): ColumnMapping[] {
    throw new Error('not implemented');
  }

  /** Returns a page of data rows as the mapping turns them into records. */
  async previewRecords(
    _mapping: ColumnMapping[],
    _options: MappingOptions,
    _page: { offset: number; limit: number },
  ): Promise<MappedRow[]> {
    throw new Error('not implemented');
  }

  /** Counts what an import would do, looking up existing users through the provider. */
  async analyze(
    _mapping: ColumnMapping[],
    _options: MappingOptions,
    _provider: UserDataProvider,
    _call: AnalyzeCall = {},
  ): Promise<ImportAnalysis> {
    throw new Error('not implemented');
  }

  /** Imports the records through the provider in batches. */
  async run(
    _mapping: ColumnMapping[],
    _options: MappingOptions,
    _provider: UserDataProvider,
    _importOptions: ImportOptions,
    _call: RunCall = {},
  ): Promise<ImportReport> {
    throw new Error('not implemented');
  }

  /** Continues an import this session started that stopped part-way. */
  async resume(_importId: string, _provider: UserDataProvider, _call: RunCall = {}): Promise<ImportReport> {
    throw new Error('not implemented');
  }

  /** Ends the worker. The session cannot be used afterwards. */
  close(): void {}
}
