import '@vaadin/button/vaadin-button.js';
import { getDefaultProvider } from '../src/data/default-provider.js';
import { defineMessages, formatNumber } from '../src/i18n/catalog.js';
import { describeError } from '../src/i18n/data-messages.js';
import { seedSampleData, type SeedOptions, type SeedProgress } from './sample-data.js';

const t = defineMessages('demo-seed', {
  fill: 'Fill with sample users',
  large: 'Generate 100,000 users',
  groups: 'Creating sample groups…',
  users: 'Writing users: {done} of {total}…',
  import: 'Importing users…',
  activity: 'Writing conversations, tickets and notes: {done} of {total} users…',
  done: 'Added {created} sample users.',
  doneSkipped: 'Added {created} sample users; {skipped} were already there.',
  failed: 'Adding sample users failed: {message}',
});

/**
 * Adds the demo's two seeding buttons to `actions` and reports progress
 * and the outcome in `status` (a live region).
 */
export function addSeedControls(actions: HTMLElement, status: HTMLElement): void {
  const buttons = [
    seedButton(t('fill'), { users: 500 }),
    seedButton(t('large'), { users: 100_000, activityUsers: 500 }),
  ];
  actions.append(...buttons.map(({ button }) => button));

  function seedButton(label: string, options: Pick<SeedOptions, 'users' | 'activityUsers'>) {
    const button = document.createElement('vaadin-button');
    button.textContent = label;
    button.addEventListener('click', () => void run(options));
    return { button };
  }

  async function run(options: Pick<SeedOptions, 'users' | 'activityUsers'>): Promise<void> {
    for (const { button } of buttons) button.disabled = true;
    try {
      const result = await seedSampleData(getDefaultProvider(), { ...options, onProgress: showProgress });
      const counts = { created: formatNumber(result.created), skipped: formatNumber(result.skipped) };
      status.textContent = result.skipped > 0 ? t('doneSkipped', counts) : t('done', counts);
    } catch (error) {
      status.textContent = t('failed', { message: describeError(error) });
    } finally {
      for (const { button } of buttons) button.disabled = false;
    }
  }

  function showProgress(progress: SeedProgress): void {
    const counts = { done: formatNumber(progress.done), total: formatNumber(progress.total) };
    status.textContent = t(progress.phase, counts);
  }
}
