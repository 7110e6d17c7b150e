/**
 * Chooses where the demo's elements get their data: the browser's
 * IndexedDB (the default) or the reference REST server, with
 * `?provider=http` and optionally `&api=http://127.0.0.1:8787/`. Start the
 * server with `npm run demo:server`. This module must load before any
 * element connects, because elements take the default provider once.
 */
import { setDefaultProvider } from '../src/data/default-provider.js';
import { FetchProvider } from '../src/data/http/fetch-provider.js';

const DEFAULT_API_URL = 'http://127.0.0.1:8787/';

const params = new URLSearchParams(location.search);
const useHttp = params.get('provider') === 'http';
const apiUrl = params.get('api') ?? DEFAULT_API_URL;

if (useHttp) setDefaultProvider(new FetchProvider({ baseUrl: apiUrl }));

/** Adds the data source picker to the header; picking reloads the page with the new setting. */
function addPicker(): void {
  const actions = document.getElementById('demo-actions');
  if (!actions) return;

  const label = document.createElement('label');
  label.className = 'demo-data-source';
  label.textContent = 'Data source ';
  const select = document.createElement('select');
  select.add(new Option('This browser (IndexedDB)', 'indexeddb', false, !useHttp));
  select.add(new Option(`Reference server (${apiUrl})`, 'http', false, useHttp));
  select.addEventListener('change', () => {
    const next = new URLSearchParams(location.search);
    if (select.value === 'http') next.set('provider', 'http');
    else next.delete('provider');
    location.search = next.toString();
  });
  label.append(select);
  actions.prepend(label);
}

addPicker();
