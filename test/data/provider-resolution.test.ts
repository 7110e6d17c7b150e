import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { ContextProvider } from '@lit/context';
import { LitElement } from 'lit';
import { providerContext } from '../../src/data/context.js';
import { getDefaultProvider, setDefaultProvider } from '../../src/data/default-provider.js';
import type { DataChange, UserDataProvider } from '../../src/data/provider.js';
import { ProviderController } from '../../src/elements/shared/provider-controller.js';
import { cleanUpProviders, freshDatabaseName, openProvider, ukUser } from '../indexeddb/helpers.js';

class ProviderProbe extends LitElement {
  static override properties = { provider: { attribute: false } };
  provider?: UserDataProvider;
  changes: DataChange[] = [];
  readonly data = new ProviderController(this, { onChange: (change) => this.changes.push(change) });
}
customElements.define('provider-probe', ProviderProbe);

class ProviderHostElement extends LitElement {
  readonly context = new ContextProvider(this, { context: providerContext });
  override render() {
    return html`<slot></slot>`;
  }
}
customElements.define('provider-host-element', ProviderHostElement);

describe('provider resolution', () => {
  afterEach(cleanUpProviders);

  it('shares one default provider and warns once', () => {
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const name = freshDatabaseName();
      const first = getDefaultProvider({ databaseName: name });
      const same = getDefaultProvider();
      getDefaultProvider({ databaseName: 'another-name' });
      getDefaultProvider({ databaseName: 'yet-another-name' });

      expect(same).to.equal(first);
      expect(warnings).to.have.length(1);
      expect(String(warnings[0]?.[0])).to.contain('another-name');
      first.close();
    } finally {
      console.warn = warn;
    }
  });

  it('uses the provider property first', async () => {
    const own = openProvider();
    const probe = await fixture<ProviderProbe>(html`<provider-probe .provider=${own}></provider-probe>`);

    expect(probe.data.value).to.equal(own);
  });

  it('uses an ancestor provider next', async () => {
    const fromContext = openProvider();
    const host = await fixture<ProviderHostElement>(html`<provider-host-element><provider-probe></provider-probe></provider-host-element>`);
    host.context.setValue(fromContext);
    const probe = host.querySelector('provider-probe') as ProviderProbe;

    await waitUntil(() => probe.data.value === fromContext, 'the probe did not take the context provider');
    await fromContext.createUser(ukUser(1));

    expect(probe.changes.map((change) => change.entity)).to.deep.equal(['users']);
  });

  it('falls back to the default provider', async () => {
    const fallback = openProvider();
    setDefaultProvider(fallback);
    const probe = await fixture<ProviderProbe>(html`<provider-probe></provider-probe>`);

    await fallback.createGroup({ name: 'Seen' });

    expect(probe.data.value).to.equal(fallback);
    expect(probe.changes.map((change) => change.entity)).to.deep.equal(['groups']);
  });

  it('follows a new provider property', async () => {
    const first = openProvider();
    const second = openProvider();
    const probe = await fixture<ProviderProbe>(html`<provider-probe .provider=${first}></provider-probe>`);

    probe.provider = second;
    await probe.updateComplete;
    await first.createGroup({ name: 'Ignored' });
    await second.createGroup({ name: 'Heard' });

    expect(probe.changes).to.have.length(1);
    expect(probe.data.value).to.equal(second);
  });
});
