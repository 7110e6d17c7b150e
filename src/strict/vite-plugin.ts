// A Vite (or Rollup) plugin for hosts whose Content-Security-Policy has
// `style-src 'self'` without 'unsafe-inline'. Vaadin 25 components add
// <style> elements to the page in two shared modules, and vaadin-grid sets
// `style` attributes through Lit's styleMap. This plugin resolves those
// modules to the kit's versions, which use constructable stylesheets and the
// CSSOM instead. It runs in the host's build, not in the browser.

/** The part of a bundler's plugin context this plugin calls. */
interface ResolveContext {
  resolve(source: string, importer?: string, options?: { skipSelf?: boolean }): Promise<{ id: string } | null>;
}

/** Paths or package specifiers of the replacement modules; the defaults are the kit's package exports. */
export interface StrictStylesOptions {
  /** Replaces `@vaadin/component-base/src/css-utils.js`. */
  globalStyles?: string;
  /** Replaces `@vaadin/component-base/src/slot-styles-mixin.js`. */
  slotStyles?: string;
  /** Replaces `lit/directives/style-map.js` where a Vaadin module imports it. */
  styleMap?: string;
}

/** The plugin object: a name, `enforce: 'pre'` and a `resolveId` hook. */
export interface StrictStylesPlugin {
  name: string;
  enforce: 'pre';
  resolveId(this: ResolveContext, source: string, importer: string | undefined): Promise<string | { id: string } | null>;
}

// Vaadin imports its own modules by package path and by relative path.
const CANDIDATE = /(?:^|\/)(?:css-utils|slot-styles-mixin|style-map)\.js$/;

interface Replacement {
  /** Matches the resolved path of the module to replace. */
  file: RegExp;
  /** The module that replaces it. */
  by: string;
  /** Whether only Vaadin's own imports are replaced, leaving the host's. */
  vaadinOnly: boolean;
}

/**
 * Returns a plugin that builds Vaadin 25 components without <style>
 * elements, so that `style-src 'self'` reports no violation.
 */
export function vaadinStrictStyles(options: StrictStylesOptions = {}): StrictStylesPlugin {
  const replacements: Replacement[] = [
    {
      file: /\/@vaadin\/component-base\/src\/css-utils\.js$/,
      by: options.globalStyles ?? 'all-users-elements/strict/vaadin-global-styles',
      vaadinOnly: false,
    },
    {
      file: /\/@vaadin\/component-base\/src\/slot-styles-mixin\.js$/,
      by: options.slotStyles ?? 'all-users-elements/strict/vaadin-slot-styles',
      vaadinOnly: false,
    },
    {
      file: /\/lit\/(?:development\/)?directives\/style-map\.js$/,
      by: options.styleMap ?? 'all-users-elements/strict/vaadin-style-map',
      vaadinOnly: true,
    },
  ];

  return {
    name: 'all-users-elements-strict-styles',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!importer || !CANDIDATE.test(source)) return null;

      const resolved = await this.resolve(source, importer, { skipSelf: true });
      const path = normalize(resolved?.id);
      const fromVaadin = normalize(importer).includes('/@vaadin/');
      const replacement = replacements.find((entry) => entry.file.test(path) && (fromVaadin || !entry.vaadinOnly));
      if (!replacement) return null;

      // Resolved from the project root, where the host depends on the kit,
      // rather than from inside @vaadin, which does not.
      const target = await this.resolve(replacement.by, undefined, { skipSelf: true });
      if (!target) throw new Error(`vaadinStrictStyles() could not resolve ${replacement.by}. Install all-users-elements or pass its path.`);
      return target;
    },
  };
}

function normalize(id: string | undefined): string {
  return (id ?? '').replaceAll('\\', '/').replace(/\?.*$/, '');
}
