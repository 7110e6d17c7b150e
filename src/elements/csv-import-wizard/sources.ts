/** The data an {@link ImportSource} loads: a file or blob, CSV text, or CSV text with a file name. */
export type ImportSourceData = Blob | string | { name: string; text: string };

/**
 * A third-party source of contacts that the host offers in the Connect data
 * step, such as a CRM or a newsletter tool. The wizard shows one button per
 * source, labelled with `label`. Choosing it calls `load`, and the wizard
 * reads the result exactly as it reads a chosen file.
 *
 * ```ts
 * wizard.sources = [{
 *   id: 'crm',
 *   label: 'Acme CRM',
 *   load: async (signal) => (await fetch('/crm/contacts.csv', { signal })).blob(),
 * }];
 * ```
 */
export interface ImportSource {
  /** Stable identifier, unique among the sources. */
  id: string;
  /** Button text, already in the page's language. */
  label: string;
  /**
   * Loads the contacts. The signal fires when the user picks another source
   * or cancels; a rejected promise is shown to the user with its message.
   */
  load(signal: AbortSignal): Promise<ImportSourceData>;
}

/** A source ready for the import session, with the name the wizard shows. */
export interface NamedInput {
  name: string;
  input: Blob | string;
}

/** Turns what a source loaded into a session input, naming it after the file or the source. */
export function toNamedInput(data: ImportSourceData, fallbackName: string): NamedInput {
  if (typeof data === 'string') return { name: fallbackName, input: data };
  if (data instanceof Blob) {
    const name = data instanceof File && data.name ? data.name : fallbackName;
    return { name, input: data };
  }

  // The session reads the format from the name's extension (`.tsv`, `.xlsx`), so the name goes on a File.
  return { name: data.name, input: new File([data.text], data.name, { type: 'text/plain' }) };
}
