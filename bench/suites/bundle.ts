/**
 * Bundle size: each element's entry point bundled the way a host
 * application's Vite build bundles it (dependencies included, minified),
 * against the same library exports bundled without any of our code.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Rollup } from 'vite';
import { ratioFigure, unavailableFigure, type Figure } from '../lib/figures.js';
import { collectImports, libraryEntrySource, packageName, type LibraryImport } from '../lib/imports.js';
import type { Suite, SuiteContext } from './suite.js';

const ELEMENTS = [
  { tag: 'all-users-table', entry: 'src/elements/all-users-table/define.ts' },
  { tag: 'user-profile', entry: 'src/elements/user-profile/define.ts' },
  { tag: 'user-create-wizard', entry: 'src/elements/user-create-wizard/define.ts' },
  { tag: 'csv-import-wizard', entry: 'src/elements/csv-import-wizard/define.ts' },
] as const;

const EXCEL_READER = 'read-excel-file';

function sizeFigureFields(tag: string) {
  const label =
    tag === 'csv-import-wizard'
      ? `Bundle: <${tag}> initial chunk (Excel reader excluded) vs its libraries`
      : `Bundle: <${tag}> entry point vs its libraries`;
  return { id: `bundle.${tag}`, ratio: true, label, target: { comparison: '<=', value: 1.3 }, unit: 'bytes' } as const;
}

const EXCEL_FIELDS = {
  id: 'bundle.excel-lazy',
  ratio: false,
  label: 'Bundle: Excel reader modules in the wizard initial chunk',
  target: { comparison: '=', value: 0 },
  unit: 'count',
} as const;

interface BundleSize {
  /** min+gzip bytes of the chunks (and their CSS) that load before the entry runs. */
  initial: number;
  /** min+gzip bytes of chunks loaded later (dynamic imports, workers). */
  deferred: number;
  /** Module ids bundled into the initial chunks. */
  initialModules: string[];
  /** Rendered (unminified) length of each module in the initial chunks, by module id. */
  renderedLengths: Map<string, number>;
}

function gzipSize(code: string | Uint8Array): number {
  return gzipSync(code, { level: 9 }).length;
}

/** Bundles `entry` as an application would (every dependency included, minified) and measures what loads first. */
async function bundle(root: string, entry: string): Promise<BundleSize> {
  const result = await build({
    configFile: false,
    root,
    logLevel: 'silent',
    worker: { format: 'es' },
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      sourcemap: false,
      modulePreload: false,
      rollupOptions: { input: { entry }, preserveEntrySignatures: 'exports-only' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const files = new Map<string, Rollup.OutputChunk | Rollup.OutputAsset>();
  for (const output of outputs) for (const file of output.output) files.set(file.fileName, file);

  const initial = new Set<string>();
  const visit = (fileName: string): void => {
    if (initial.has(fileName)) return;
    initial.add(fileName);
    const file = files.get(fileName);
    if (file?.type !== 'chunk') return;
    for (const imported of file.imports) visit(imported);
    for (const css of (file as { viteMetadata?: { importedCss?: Set<string> } }).viteMetadata?.importedCss ?? []) initial.add(css);
  };
  for (const file of files.values()) if (file.type === 'chunk' && file.isEntry) visit(file.fileName);

  let initialBytes = 0;
  let deferredBytes = 0;
  const initialModules: string[] = [];
  const renderedLengths = new Map<string, number>();
  for (const file of files.values()) {
    const content = file.type === 'chunk' ? file.code : file.source;
    if (!/\.(js|mjs|css)$/.test(file.fileName)) continue;
    const size = gzipSize(content);
    if (initial.has(file.fileName)) {
      initialBytes += size;
      if (file.type === 'chunk') {
        initialModules.push(...Object.keys(file.modules));
        for (const [id, module] of Object.entries(file.modules)) renderedLengths.set(id, module.renderedLength);
      }
    } else {
      deferredBytes += size;
    }
  }
  return { initial: initialBytes, deferred: deferredBytes, initialModules, renderedLengths };
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

export const bundleSuite: Suite = {
  name: 'bundle',
  needsBrowser: false,
  figures: () => [...ELEMENTS.map((element) => sizeFigureFields(element.tag)), EXCEL_FIELDS],

  async run(context: SuiteContext): Promise<Figure[]> {
    const figures: Figure[] = [];
    const entriesDir = join(context.tmpDir, 'bundle');
    mkdirSync(entriesDir, { recursive: true });
    const aloneCache = new Map<string, number>();

    for (const element of ELEMENTS) {
      const fields = sizeFigureFields(element.tag);
      const entry = join(context.root, element.entry);
      if (!existsSync(entry)) {
        figures.push(unavailableFigure(fields, `${element.entry} is not on this branch yet`));
        if (element.tag === 'csv-import-wizard') figures.push(unavailableFigure(EXCEL_FIELDS, `${element.entry} is not on this branch yet`));
        continue;
      }

      const imports = collectImports(entry);
      const ours = await bundle(context.root, entry);

      const librariesEntry = join(entriesDir, `${element.tag}-libraries.js`);
      writeFileSync(librariesEntry, libraryEntrySource(imports.initial.values()));
      const libraries = await bundle(context.root, librariesEntry);

      // Each library bundled on its own, for the remark only: shared code
      // (lit, Vaadin's base classes) is counted once per library there, so
      // the sum overstates what the libraries weigh together.
      const byPackage = new Map<string, LibraryImport[]>();
      for (const entryImport of imports.initial.values()) {
        const name = packageName(entryImport.specifier);
        byPackage.set(name, [...(byPackage.get(name) ?? []), entryImport]);
      }
      let sumAlone = 0;
      for (const [name, packageImports] of byPackage) {
        const source = libraryEntrySource(packageImports);
        let size = aloneCache.get(source);
        if (size === undefined) {
          const file = join(entriesDir, `alone-${aloneCache.size}.js`);
          writeFileSync(file, source);
          size = (await bundle(context.root, file)).initial;
          aloneCache.set(source, size);
        }
        context.log(`    ${element.tag}: ${name} alone ${kib(size)}`);
        sumAlone += size;
      }

      const ownModules = [...ours.renderedLengths].filter(([id]) => id.startsWith(join(context.root, 'src/')));
      const ownLength = ownModules.reduce((sum, [, length]) => sum + length, 0);
      const largest = ownModules.sort((a, b) => b[1] - a[1]).slice(0, 5);
      context.log(
        `    ${element.tag}: our modules render to ${kib(ownLength)} before minifying; largest ` +
          largest.map(([id, length]) => `${relative(context.root, id)} ${kib(length)}`).join(', '),
      );

      const lazy = [...imports.lazy].map(packageName);
      const note =
        `${kib(ours.initial)} initial (+${kib(ours.deferred)} loaded later) vs ${kib(libraries.initial)} for the same exports of ` +
        `${byPackage.size} packages bundled together (${kib(sumAlone)} if each is bundled alone); ` +
        `${imports.modules.length} of our modules` +
        (lazy.length > 0 ? `; loaded on demand: ${[...new Set(lazy)].join(', ')}` : '');
      figures.push(ratioFigure({ ...fields, note }, [ours.initial], [libraries.initial]));

      if (element.tag === 'csv-import-wizard') {
        const excelModules = ours.initialModules.filter((id) => id.includes(`/node_modules/${EXCEL_READER}/`));
        const excelNote =
          excelModules.length > 0
            ? `initial chunk bundles ${excelModules.map((id) => relative(context.root, id)).slice(0, 3).join(', ')}…`
            : `${EXCEL_READER} is ${imports.lazy.has(EXCEL_READER) || lazy.includes(EXCEL_READER) ? 'loaded on demand' : 'not used by the wizard'}`;
        figures.push({
          ...EXCEL_FIELDS,
          measured: { min: excelModules.length, median: excelModules.length, max: excelModules.length, runs: [excelModules.length] },
          value: excelModules.length,
          status: excelModules.length === 0 ? 'PASS' : 'MISS',
          note: excelNote,
        });
      }
    }
    return figures;
  },
};
