// Feeds markup and script payloads through every element, in every place a
// string from data is shown, and checks that each renders as text: the text
// is on the page, no element or handler came from it, and nothing ran.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/all-users-table/define.js';
import '../../src/elements/user-create-wizard/define.js';
import '../../src/elements/user-profile/define.js';
import type { UserCreateWizard } from '../../src/elements/user-create-wizard/user-create-wizard.js';
import type { UserProfile } from '../../src/elements/user-profile/user-profile.js';
import { SECTIONS } from '../../src/elements/user-profile/user-profile.js';
import type { UserDataProvider } from '../../src/data/provider.js';
import { waitUntil } from '../helpers/wait.js';
import { importUsers, renderTable, whenLoaded } from './all-users-table/helpers.js';
import {
  cleanUpProviders,
  goToStep,
  pasteText,
  renderWizard,
  shadow,
  typeInto,
  waitForAnalysis,
  waitForRecords,
} from './csv-import-wizard/helpers.js';
import { button, click, field, fill } from './shared/interactions.js';
import { conversationOf, createUser, deleteProviders, freshProvider } from './shared/user-fixtures.js';

const PAYLOADS = {
  image: '<img src=x onerror="window.__xss=1">',
  script: '<script>window.__xss=2</script>',
  svg: '"><svg onload="window.__xss=3">',
  link: 'javascript:window.__xss=4',
  template: '{{constructor.constructor("window.__xss=5")()}}',
  formula: '=HYPERLINK("http://attacker.invalid","x")',
};
const ALL = Object.values(PAYLOADS);

declare global {
  interface Window {
    __xss?: number;
  }
}

/** Yields every element under `root`, descending into open shadow roots. */
function* deepElements(root: ParentNode): Generator<Element> {
  for (const element of root.querySelectorAll('*')) {
    yield element;
    if (element.shadowRoot) yield* deepElements(element.shadowRoot);
  }
}

/** Returns the text of every text node under `root` and its shadow roots, one node a line. */
function deepText(root: Element | ShadowRoot): string {
  const texts: string[] = [];
  const roots: Node[] = [root, ...[...deepElements(root)].flatMap((element) => (element.shadowRoot ? [element.shadowRoot] : []))];
  for (const node of roots) {
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    // A tree walker stays out of shadow roots, so each text node is read once.
    for (let text = walker.nextNode(); text; text = walker.nextNode()) texts.push(text.nodeValue ?? '');
  }
  return texts.join('\n');
}

function expectShownAsText(root: Element | ShadowRoot, payloads: readonly string[]): void {
  const text = deepText(root);
  for (const payload of payloads) expect(text, `"${payload}" is not shown as text`).to.include(payload);
}

function expectInert(root: Element | ShadowRoot): void {
  const elements = [...deepElements(root)];

  expect(elements.filter((element) => element.localName === 'script')).to.have.length(0);
  expect(elements.filter((element) => element.localName === 'img' && element.getAttribute('src') === 'x')).to.have.length(0);
  const handlers = elements.flatMap((element) =>
    [...element.attributes].filter((attribute) => attribute.name.startsWith('on')).map((attribute) => `${element.localName}[${attribute.name}]`),
  );
  expect(handlers).to.deep.equal([]);
  const scriptURLs = elements.filter((element) =>
    ['href', 'src', 'action', 'formaction'].some((name) => /^\s*javascript:/i.test(element.getAttribute(name) ?? '')),
  );
  expect(scriptURLs.map((element) => element.outerHTML)).to.deep.equal([]);
  expect(window.__xss).to.equal(undefined);
}

describe('markup and script payloads', () => {
  let provider: ReturnType<typeof freshProvider>;

  beforeEach(() => {
    provider = freshProvider();
  });

  afterEach(async () => {
    await deleteProviders();
    await cleanUpProviders();
    delete window.__xss;
  });

  describe('<all-users-table>', () => {
    it('shows names, identifiers and sources as text', async () => {
      await importUsers(
        provider,
        PAYLOADS.svg,
        ALL.map((payload, index) => ({
          name: payload,
          identifiers: [{ kind: 'email', value: `user${index}@example.com` }],
        })),
      );
      await createUser(provider, {
        name: 'Integration user',
        source: { type: 'integration', name: PAYLOADS.template },
        identifiers: [{ kind: 'telegram', value: PAYLOADS.script }],
        primaryChannel: 'telegram',
      });

      const table = await renderTable(provider);
      await whenLoaded(table);

      expectShownAsText(table.shadowRoot!, [...ALL]);
      expectInert(table.shadowRoot!);
    });
  });

  describe('<user-profile>', () => {
    async function seedHostileUser(target: UserDataProvider): Promise<string> {
      const form = await target.createForm({
        name: PAYLOADS.image,
        fields: [{ key: 'shirt', label: PAYLOADS.svg, type: 'text' }],
      });
      const group = await target.createGroup({ name: PAYLOADS.script, formId: form.id });
      const user = await createUser(target, {
        name: PAYLOADS.image,
        identifiers: [
          { kind: 'email', value: 'hostile@example.com', label: PAYLOADS.template },
          { kind: 'telegram', value: PAYLOADS.link },
        ],
        groupIds: [group.id],
        attributes: { shirt: PAYLOADS.formula, [PAYLOADS.script]: PAYLOADS.link },
      });

      const { conversation, messages } = conversationOf(user, ALL.length, { id: 'c1' });
      messages.forEach((message, index) => (message.text = ALL[index]!));
      const blob = new Blob(['x'], { type: 'text/plain' });
      await target.putActivity({
        conversations: [conversation],
        messages,
        attachments: ALL.map((payload, index) => ({
          id: `a${index}`,
          userId: user.id,
          name: payload,
          mediaType: index % 2 === 0 ? 'image/png' : 'text/plain',
          size: 1,
          ...(index < 2 ? { url: PAYLOADS.link } : { blob }),
          createdAt: index,
        })),
        tickets: ALL.map((payload, index) => ({
          id: `t${index}`,
          userId: user.id,
          title: payload,
          status: 'open' as const,
          createdAt: index,
          updatedAt: index,
        })),
      });
      await target.addNote(user.id, { text: PAYLOADS.script, author: PAYLOADS.image });
      await target.addNote(user.id, { text: PAYLOADS.svg, author: PAYLOADS.formula });
      return user.id;
    }

    const expectedBySection: Record<(typeof SECTIONS)[number], readonly string[]> = {
      conversations: ALL,
      media: ALL,
      tickets: ALL,
      notes: [PAYLOADS.script, PAYLOADS.image, PAYLOADS.svg, PAYLOADS.formula],
      groups: [PAYLOADS.script],
      attributes: [PAYLOADS.svg, PAYLOADS.formula, PAYLOADS.script, PAYLOADS.link],
    };

    it('shows every section as text', async () => {
      const userId = await seedHostileUser(provider);
      const profile = await fixture<UserProfile>(html`<user-profile .provider=${provider} user-id=${userId}></user-profile>`);
      const root = profile.shadowRoot!;
      await waitUntil(() => root.querySelector('.header'), 'the profile did not load');

      expectShownAsText(root, [PAYLOADS.image, PAYLOADS.template, PAYLOADS.link]);
      for (const section of SECTIONS) {
        root.querySelector<HTMLElement>(`#${section}-tab`)!.click();
        await profile.updateComplete;
        const panel = root.querySelector<HTMLElement>(`#${section}-panel`)!;
        const expected = expectedBySection[section];
        await waitUntil(
          () => expected.every((payload) => deepText(panel).includes(payload)),
          `the ${section} section does not show every payload as text`,
        );

        expectInert(root);
      }
    });

    it('keeps a hostile name typed in the edit form as text', async () => {
      const userId = await seedHostileUser(provider);
      const profile = await fixture<UserProfile>(html`<user-profile .provider=${provider} user-id=${userId}></user-profile>`);
      const root = profile.shadowRoot!;
      await waitUntil(() => root.querySelector('.header'), 'the profile did not load');

      await click(profile, button(root, 'Edit'));
      await fill(profile, field(root, 'Full name'), PAYLOADS.svg);
      await click(profile, button(root, 'Save'));
      await waitUntil(() => root.querySelector('.name')?.textContent === PAYLOADS.svg, 'the saved name is not shown');

      expectInert(root);
    });
  });

  describe('<user-create-wizard>', () => {
    it('shows existing group names as text', async () => {
      for (const payload of ALL) await provider.createGroup({ name: payload });
      const wizard = await fixture<UserCreateWizard>(
        html`<user-create-wizard .provider=${provider} default-country="GB"></user-create-wizard>`,
      );
      const root = wizard.shadowRoot!;

      await fill(wizard, field(root, 'Full name'), PAYLOADS.image);
      await fill(wizard, root.querySelector<HTMLElement & { value: string }>('.identifier-value')!, '07700 900123');
      await click(wizard, button(root, 'Next'));
      await waitUntil(() => wizard.currentStep === 'groups', 'the wizard did not reach the groups step');
      await waitUntil(() => root.querySelectorAll('.group-list vaadin-checkbox').length === ALL.length, 'the groups did not load');

      expectShownAsText(root, [...ALL]);
      expectInert(root);
    });
  });

  describe('<csv-import-wizard>', () => {
    const quote = (cell: string) => `"${cell.replaceAll('"', '""')}"`;

    it('shows file cells, headers and problems as text', async () => {
      const csv = [
        ['Name', 'Email', PAYLOADS.script],
        [PAYLOADS.image, 'image@example.com', PAYLOADS.svg],
        [PAYLOADS.template, `x${PAYLOADS.link}`, PAYLOADS.formula],
      ]
        .map((row) => row.map(quote).join(','))
        .join('\r\n');
      const { wizard } = await renderWizard({ provider });

      await pasteText(wizard, csv);
      await goToStep(wizard, 'define');
      await waitForRecords(wizard);

      expectShownAsText(shadow(wizard), [PAYLOADS.script, PAYLOADS.image, PAYLOADS.svg, PAYLOADS.template, PAYLOADS.formula]);
      expectInert(shadow(wizard));

      await goToStep(wizard, 'metadata');
      await typeInto(wizard, 'Group name', PAYLOADS.svg);
      await goToStep(wizard, 'preview');
      await waitForAnalysis(wizard);

      expectShownAsText(shadow(wizard), [PAYLOADS.image, `x${PAYLOADS.link}`]);
      expectInert(shadow(wizard));
    });
  });
});
