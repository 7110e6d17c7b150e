/**
 * Finds which library exports an entry point of ours uses, by walking our
 * own modules from the entry with the TypeScript parser. The bundle
 * benchmark bundles exactly those exports to learn what the libraries alone
 * weigh.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

/** One import of a library module: the names taken from it, or `*` for a namespace, or none for a side effect. */
export interface LibraryImport {
  specifier: string;
  names: Set<string>;
  namespace: boolean;
}

export interface EntryImports {
  /** Library modules the entry loads up front, keyed by specifier. */
  initial: Map<string, LibraryImport>;
  /** Library modules loaded only through `import()`. */
  lazy: Set<string>;
  /** Our modules reached statically from the entry. */
  modules: string[];
}

function isBare(specifier: string): boolean {
  return !specifier.startsWith('.') && !specifier.startsWith('/');
}

/** Maps `./x.js` to the TypeScript file the bundler resolves it to. */
function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, resolve(base, 'index.ts')];
  return candidates.find((path) => existsSync(path) && /\.[cm]?[jt]s$/.test(path));
}

/** Returns the npm package a specifier belongs to (`@vaadin/grid/x.js` → `@vaadin/grid`). */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

export function collectImports(entry: string): EntryImports {
  const initial = new Map<string, LibraryImport>();
  const lazy = new Set<string>();
  const modules: string[] = [];
  const seen = new Set<string>();
  // Modules reached through `import()` or `new URL(…, import.meta.url)`
  // (workers) load later; their libraries count as lazy.
  const deferred: string[] = [];

  const record = (specifier: string, names: string[], namespace: boolean): void => {
    let entryImport = initial.get(specifier);
    if (!entryImport) {
      entryImport = { specifier, names: new Set(), namespace: false };
      initial.set(specifier, entryImport);
    }
    for (const name of names) entryImport.names.add(name);
    entryImport.namespace ||= namespace;
  };

  const walk = (start: string, isLazy: boolean): void => {
    const queue = [start];
    while (queue.length > 0) {
      const file = queue.shift() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      if (!isLazy) modules.push(file);
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      for (const found of staticImports(source)) {
        if (isBare(found.specifier)) {
          if (isLazy) lazy.add(found.specifier);
          else record(found.specifier, found.names, found.namespace);
          continue;
        }
        const target = resolveRelative(file, found.specifier);
        if (target) queue.push(target);
      }
      for (const specifier of deferredImports(source)) {
        if (isBare(specifier)) {
          lazy.add(specifier);
          continue;
        }
        const target = resolveRelative(file, specifier);
        if (target) deferred.push(target);
      }
    }
  };

  walk(resolve(entry), false);
  while (deferred.length > 0) walk(deferred.shift() as string, true);

  for (const specifier of initial.keys()) lazy.delete(specifier);
  return { initial, lazy, modules };
}

interface FoundImport {
  specifier: string;
  names: string[];
  namespace: boolean;
}

/** Lists the run-time `import` and `export … from` statements of a module; type-only ones load nothing. */
function staticImports(source: ts.SourceFile): FoundImport[] {
  const found: FoundImport[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const names: string[] = [];
      let namespace = false;
      if (clause?.name) names.push('default');
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) namespace = true;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          if (!element.isTypeOnly) names.push((element.propertyName ?? element.name).text);
        }
        if (names.length === 0 && bindings.elements.length > 0 && !clause?.name) continue;
      }
      found.push({ specifier: statement.moduleSpecifier.text, names, namespace });
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      if (statement.isTypeOnly) continue;
      const clause = statement.exportClause;
      if (clause && ts.isNamedExports(clause)) {
        const names = clause.elements.filter((element) => !element.isTypeOnly).map((element) => (element.propertyName ?? element.name).text);
        if (names.length > 0) found.push({ specifier: statement.moduleSpecifier.text, names, namespace: false });
      } else {
        found.push({ specifier: statement.moduleSpecifier.text, names: [], namespace: true });
      }
    }
  }
  return found;
}

/** Lists `import('x')` and `new URL('x', import.meta.url)` specifiers of a module. */
function deferredImports(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const argument = node.arguments[0];
      if (argument && ts.isStringLiteralLike(argument)) found.push(argument.text);
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL') {
      const [argument, base] = node.arguments ?? [];
      if (argument && ts.isStringLiteralLike(argument) && base?.getText().includes('import.meta.url')) found.push(argument.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Writes the module text that imports exactly `imports`, for bundling the libraries on their own. */
export function libraryEntrySource(imports: Iterable<LibraryImport>): string {
  const lines: string[] = [];
  let alias = 0;
  for (const entry of imports) {
    const specifier = JSON.stringify(entry.specifier);
    if (entry.namespace) lines.push(`export * as lib${alias++} from ${specifier};`);
    const names = [...entry.names];
    if (names.length > 0) lines.push(`export { ${names.map((name) => `${name} as lib${alias++}`).join(', ')} } from ${specifier};`);
    if (!entry.namespace && names.length === 0) lines.push(`import ${specifier};`);
  }
  return `${lines.join('\n')}\n`;
}
