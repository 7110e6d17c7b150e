/** The Chromium binary; `CHROMIUM_PATH` picks another one. */
export declare const CHROMIUM_PATH: string;

/** Flags for a headless Chromium on a machine without a sandbox, a GPU or outside network. */
export declare const CHROMIUM_ARGS: readonly string[];
