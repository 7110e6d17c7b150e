/**
 * The third-party source the demo registers with <csv-import-wizard>: a
 * made-up CRM that hands over a CSV export without a file.
 */
import type { ImportSource } from '../src/elements/csv-import-wizard/define.js';

const FIRST_NAMES = ['Ana', 'Ben', 'Chiara', 'Dev', 'Emeka', 'Fatima', 'Goran', 'Hana', 'Ines', 'Jonas', 'Kenji', 'Leila'];
const LAST_NAMES = ['Lima', 'Ode', 'Rossi', 'Patel', 'Okafor', 'Haddad', 'Novak', 'Sato', 'Costa', 'Berg', 'Mori', 'Karimi'];
const CITIES = ['Lisbon', 'Lagos', 'Milan', 'Pune', 'Osaka', 'Leeds'];
const STAGES = ['lead', 'customer', 'churned'];

/**
 * A made-up CRM export: 120 contacts with example.com addresses, a city, a
 * pipeline stage and numbers from ranges kept for fiction. The first 100
 * are New York's 555-0100 to 555-0199. The last 20 are the UK's 07700
 * 900xxx, for which the phone metadata has no range, so those rows show the
 * unknown-range warning.
 */
export const sampleCrmSource: ImportSource = {
  id: 'sample-crm',
  label: 'Sample CRM',
  async load(signal) {
    const rows = ['Contact Name,Mobile,E-mail,City,Stage'];
    for (let n = 0; n < 120; n++) {
      if (signal.aborted) throw new DOMException('The sample CRM load was aborted.', 'AbortError');
      const first = FIRST_NAMES[n % FIRST_NAMES.length] as string;
      const last = LAST_NAMES[Math.floor(n / FIRST_NAMES.length) % LAST_NAMES.length] as string;
      const phone = n < 100 ? `+1 212-555-01${String(n).padStart(2, '0')}` : `+44 7700 900${String(n).padStart(3, '0')}`;
      const email = `${first}.${last}${n}@example.com`.toLowerCase();
      rows.push([`${first} ${last}`, phone, email, CITIES[n % CITIES.length], STAGES[n % STAGES.length]].join(','));
    }
    return { name: 'sample-crm.csv', text: `${rows.join('\r\n')}\r\n` };
  },
};
