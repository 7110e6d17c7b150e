// Lists what an element's templates expose but its class JSDoc does not
// document: CSS parts set with a static `part` or `exportparts` attribute,
// and events dispatched by name. It reads the element's folder, and the
// shared modules from which that folder imports a `render…` or
// `dispatch…` function, because those render parts and fire events for it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PART_ATTRIBUTE = /\bpart="([^"$]+)"/g;
const EXPORTPARTS_ATTRIBUTE = /\bexportparts="([^"$]+)"/g;
const EVENT_NAME = /(?:new CustomEvent(?:<[^>]*>)?|dispatch)\(\s*'([a-z][a-z-]*)'/g;
const SHARED_IMPORT = /^import\s+(?!type\b)\{([^}]*)\}\s*from\s+'(\.\.\/shared\/[a-z-]+\.js)';/gm;

/** Returns one message per undocumented part or event, naming the element and the fix. */
export function findUndocumented(manifest) {
  const problems = [];
  for (const module of manifest.modules ?? []) {
    for (const declaration of module.declarations ?? []) {
      if (!declaration.customElement || !declaration.tagName || declaration.tagName.includes('-internal')) continue;
      const folder = dirname(module.path);
      if (!existsSync(folder)) continue;

      const source = sourcesOf(folder);
      const documentedParts = new Set((declaration.cssParts ?? []).map((part) => part.name));
      const documentedEvents = new Set((declaration.events ?? []).map((event) => event.name));
      for (const part of partsIn(source)) {
        if (!documentedParts.has(part)) problems.push(`<${declaration.tagName}> renders the part "${part}" but its class has no @csspart ${part}.`);
      }
      for (const event of eventsIn(source)) {
        if (!documentedEvents.has(event)) problems.push(`<${declaration.tagName}> fires "${event}" but its class has no @fires for it.`);
      }
    }
  }
  return problems;
}

function sourcesOf(folder) {
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(folder, name));
  const texts = files.map((file) => readFileSync(file, 'utf8'));

  const shared = new Set();
  for (const text of texts) {
    for (const [, names, path] of text.matchAll(SHARED_IMPORT)) {
      if (/\b(render|dispatch)[A-Z]/.test(names)) shared.add(join(folder, path.replace(/\.js$/, '.ts')));
    }
  }
  for (const file of shared) if (existsSync(file)) texts.push(readFileSync(file, 'utf8'));
  return texts.join('\n');
}

function partsIn(source) {
  const parts = new Set();
  for (const [, names] of source.matchAll(PART_ATTRIBUTE)) for (const name of names.split(/\s+/)) if (name) parts.add(name);
  for (const [, mappings] of source.matchAll(EXPORTPARTS_ATTRIBUTE)) {
    for (const mapping of mappings.split(',')) parts.add(mapping.split(':').pop().trim());
  }
  return parts;
}

function eventsIn(source) {
  return new Set([...source.matchAll(EVENT_NAME)].map(([, name]) => name));
}
