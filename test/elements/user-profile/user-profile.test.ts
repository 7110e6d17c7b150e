import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../../helpers/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/elements/user-profile/define.js';
import type { UserProfile } from '../../../src/elements/user-profile/user-profile.js';
import type { ConversationLog } from '../../../src/elements/user-profile/conversation-log.js';
import { MESSAGE_PAGE_SIZE } from '../../../src/elements/user-profile/conversation-log.js';
import { NotFoundError, UnavailableError } from '../../../src/data/errors.js';
import type { UserDataProvider } from '../../../src/data/provider.js';
import type { User } from '../../../src/model/types.js';
import { expectNoAxeViolations } from '../shared/axe.js';
import { button, click, field, fill, text } from '../shared/interactions.js';
import { conversationOf, countCalls, createUser, deleteProviders, freshProvider } from '../shared/user-fixtures.js';

type Field = HTMLElement & { value: string; invalid?: boolean; errorMessage?: string };

async function mountProfile(provider: UserDataProvider, userId: string): Promise<UserProfile> {
  const profile = await fixture<UserProfile>(
    html`<user-profile .provider=${provider} user-id=${userId} default-country="GB" note-author="Agent Smith"></user-profile>`,
  );
  await waitUntil(() => profile.shadowRoot!.querySelector('.header, .state:not([role="status"])'), 'profile did not load');
  return profile;
}

function root(profile: UserProfile): ShadowRoot {
  return profile.shadowRoot!;
}

function panel(profile: UserProfile, tab: string): HTMLElement {
  return root(profile).querySelector<HTMLElement>(`#${tab}-panel`)!;
}

async function openTab(profile: UserProfile, tab: string): Promise<HTMLElement> {
  root(profile).querySelector<HTMLElement>(`#${tab}-tab`)!.click();
  await profile.updateComplete;
  const shown = panel(profile, tab);
  await waitUntil(() => !shown.hidden, `the ${tab} tab did not open`);
  return shown;
}

async function seedProfileUser(provider: UserDataProvider): Promise<User> {
  return createUser(provider, {
    name: 'Ada Lovelace',
    identifiers: [
      { kind: 'phone', value: '+447700900123', label: 'Mobile' },
      { kind: 'email', value: 'ada@example.com' },
      { kind: 'instagram', value: 'ada.codes' },
    ],
    primaryChannel: 'email',
    createdAt: Date.UTC(2024, 2, 1, 9, 30),
    lastActivityAt: Date.UTC(2025, 0, 2, 10, 0),
  });
}

describe('<user-profile>', () => {
  let provider: ReturnType<typeof freshProvider>;

  beforeEach(() => {
    provider = freshProvider();
  });

  afterEach(async () => {
    await deleteProviders();
  });

  describe('header', () => {
    it('shows the name, identifiers and facts', async () => {
      const user = await seedProfileUser(provider);

      const profile = await mountProfile(provider, user.id);

      expect(text(root(profile).querySelector('.name'))).to.equal('Ada Lovelace');
      expect(text(root(profile).querySelector('.avatar'))).to.equal('AL');
      const identifiers = [...root(profile).querySelectorAll('.identifier')].map((item) => text(item));
      expect(identifiers).to.deep.equal([
        'Phone +447700900123 (Mobile)',
        'E-mail ada@example.com',
        'Instagram ada.codes',
      ]);
      const facts = text(root(profile).querySelector('.facts'));
      expect(facts).to.contain('Primary channel E-mail');
      expect(facts).to.contain('Source Created in the workspace');
      expect(facts).to.contain(new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(user.createdAt));
      expect(root(profile).querySelector('.last-activity time')!.getAttribute('datetime')).to.equal('2025-01-02T10:00:00.000Z');
      await expectNoAxeViolations(profile);
    });

    it('names the group of the import that brought the user', async () => {
      const job = await provider.startImport({ group: { name: 'Spring fair' }, onExisting: 'skip' });
      await provider.writeImportBatch(job.id, 0, [
        { line: 2, user: { name: 'Imported Ida', identifiers: [{ kind: 'email', value: 'ida@example.com' }] } },
      ]);
      await provider.finishImport(job.id);
      const [match] = await provider.findByIdentifiers([{ kind: 'email', value: 'ida@example.com' }]);

      const profile = await mountProfile(provider, match!.user.id);

      expect(text(root(profile).querySelector('.source'))).to.equal('Import into the group Spring fair');
    });

    it('names the integration that brought the user', async () => {
      const user = await createUser(provider, { source: { type: 'integration', name: 'Shopify' } });

      const profile = await mountProfile(provider, user.id);

      expect(text(root(profile).querySelector('.source'))).to.equal('Integration: Shopify');
    });

    it('says when there is no activity', async () => {
      const user = await createUser(provider, { lastActivityAt: null });

      const profile = await mountProfile(provider, user.id);

      expect(text(root(profile).querySelector('.last-activity'))).to.equal('No activity yet');
    });

    it('copies an identifier', async () => {
      const user = await seedProfileUser(provider);
      const profile = await mountProfile(provider, user.id);
      let copied = '';
      const clipboard = navigator.clipboard;
      Object.defineProperty(navigator, 'clipboard', {
        configurable: true,
        value: { writeText: async (value: string) => void (copied = value) },
      });

      try {
        await click(profile, button(root(profile), 'Copy ada@example.com'));
        await waitUntil(() => text(root(profile).querySelector('.status-line')));
      } finally {
        Object.defineProperty(navigator, 'clipboard', { configurable: true, value: clipboard });
      }

      expect(copied).to.equal('ada@example.com');
      expect(text(root(profile).querySelector('.status-line'))).to.equal('Copied ada@example.com to the clipboard.');
    });

    it('explains how to copy without the Clipboard API', async () => {
      const user = await seedProfileUser(provider);
      const profile = await mountProfile(provider, user.id);
      const clipboard = navigator.clipboard;
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined });

      try {
        await click(profile, button(root(profile), 'Copy +447700900123'));
        await waitUntil(() => text(root(profile).querySelector('.status-line')));
      } finally {
        Object.defineProperty(navigator, 'clipboard', { configurable: true, value: clipboard });
      }

      expect(text(root(profile).querySelector('.status-line'))).to.equal(
        'Copying is not available here. Select +447700900123 and copy it with the keyboard.',
      );
    });

    it('renders markup from data as text', async () => {
      const user = await createUser(provider, { name: '<img src=x onerror="window.__injected=1">' });
      await provider.addNote(user.id, { text: '<script>window.__injected=2</script>', author: '<b>x</b>' });

      const profile = await mountProfile(provider, user.id);
      await waitUntil(() => root(profile).querySelector('.note'));

      expect(text(root(profile).querySelector('.name'))).to.equal('<img src=x onerror="window.__injected=1">');
      expect(root(profile).querySelector('img, script, b')).to.equal(null);
      expect((window as { __injected?: number }).__injected).to.equal(undefined);
    });
  });

  describe('conversations', () => {
    it('shows one log per conversation, newest last', async () => {
      const user = await seedProfileUser(provider);
      const whatsapp = conversationOf(user, 3, { channel: 'whatsapp' });
      const email = conversationOf(user, 2, { channel: 'email', start: Date.UTC(2025, 1, 1) });
      await provider.putActivity({
        conversations: [whatsapp.conversation, email.conversation],
        messages: [...whatsapp.messages, ...email.messages],
      });

      const profile = await mountProfile(provider, user.id);
      const logs = () => [...root(profile).querySelectorAll<ConversationLog>('user-profile-conversation-log')];
      await waitUntil(() => logs().length === 2 && logs().every((log) => log.loadedCount > 0));
      await Promise.all(logs().map((log) => log.updateComplete));

      const contents = logs().map((log) =>
        [...log.shadowRoot!.querySelectorAll('.message')].map((message) => text(message)),
      );
      expect(contents[0]!.map((message) => message.split(' · ')[0])).to.deep.equal(['Received', 'Sent']);
      expect(contents[0]!.map((message) => message.replace(/^.*(Message \d+)$/, '$1'))).to.deep.equal([
        'Message 1',
        'Message 2',
      ]);
      expect(contents[1]).to.have.length(3);
      expect(contents[1]![2]).to.match(/^Received · .* Message 3$/);
      expect(text(logs()[0]!.shadowRoot!.querySelector('h3'))).to.contain('E-mail conversation since');
      await expectNoAxeViolations(profile);
    });

    it('appends a message that arrives', async () => {
      const user = await seedProfileUser(provider);
      const { conversation, messages } = conversationOf(user, 3, { id: 'c1' });
      await provider.putActivity({ conversations: [conversation], messages });
      const profile = await mountProfile(provider, user.id);
      const log = () => root(profile).querySelector<ConversationLog>('user-profile-conversation-log');
      await waitUntil(() => log()?.loadedCount === 3);

      const later = conversationOf(user, 4, { id: 'c1' });
      await provider.putActivity({ conversations: [later.conversation], messages: [later.messages[3]!] });

      const shown = log()!;
      await waitUntil(() => shown.loadedCount === 4, 'the new message did not appear');
      await shown.updateComplete;

      expect(log()).to.equal(shown);
      expect(text(log()!.shadowRoot!.querySelector('.message:last-child'))).to.contain('Message 4');
    });

    it('pages through 5,000 messages as the reader scrolls up', async () => {
      const user = await seedProfileUser(provider);
      const { conversation, messages } = conversationOf(user, 5000);
      await provider.putActivity({ conversations: [conversation], messages });
      const counted = countCalls(provider);

      const profile = await mountProfile(counted.provider, user.id);
      const conversationLog = () => root(profile).querySelector<ConversationLog>('user-profile-conversation-log');
      await waitUntil(() => (conversationLog()?.loadedCount ?? 0) > 0);
      const log = conversationLog()!;
      await log.updateComplete;
      const scroller = log.shadowRoot!.querySelector<HTMLElement>('.log')!;
      await waitUntil(() => scroller.scrollTop > 0, 'the log did not scroll to the newest message');

      const rendered = () => log.shadowRoot!.querySelectorAll('.message').length;
      expect(rendered()).to.equal(MESSAGE_PAGE_SIZE);
      expect(counted.calls.get('listMessages')).to.equal(1);
      const newest = log.shadowRoot!.querySelector('.message:last-child')!;
      expect(text(newest)).to.contain('Message 5000');

      const firstShown = log.shadowRoot!.querySelector<HTMLElement>('.message')!;
      const offsetOfFirstShown = () => firstShown.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
      scroller.scrollTop = 0;
      const offsetBefore = offsetOfFirstShown();
      await waitUntil(() => rendered() === 2 * MESSAGE_PAGE_SIZE, 'older messages did not load');
      await log.updateComplete;

      expect(counted.calls.get('listMessages')).to.equal(2);
      expect(text(log.shadowRoot!.querySelector('.message'))).to.contain(`Message ${5000 - 2 * MESSAGE_PAGE_SIZE + 1}`);
      // The message that was at the top stays where the reader saw it.
      expect(offsetOfFirstShown()).to.be.closeTo(offsetBefore, 1);

      scroller.scrollTop = 0;
      await waitUntil(() => rendered() === 3 * MESSAGE_PAGE_SIZE, 'the third page did not load');
      expect(counted.calls.get('listMessages')).to.equal(3);
      expect(rendered()).to.be.below(5000);
    });
  });

  describe('tabs', () => {
    it('moves between sections with arrow keys', async () => {
      const user = await seedProfileUser(provider);
      const profile = await mountProfile(provider, user.id);
      root(profile).querySelector<HTMLElement>('#conversations-tab')!.focus();

      await sendKeys({ press: 'ArrowRight' });
      await profile.updateComplete;

      expect(root(profile).activeElement?.id).to.equal('media-tab');
      expect(panel(profile, 'media').hidden).to.be.false;
      expect(panel(profile, 'conversations').hidden).to.be.true;

      await sendKeys({ press: 'End' });
      await profile.updateComplete;
      expect(root(profile).activeElement?.id).to.equal('attributes-tab');

      await sendKeys({ press: 'ArrowRight' });
      await profile.updateComplete;
      expect(root(profile).activeElement?.id).to.equal('conversations-tab');
    });
  });

  describe('media', () => {
    it('shows images as thumbnails and other files as a list', async () => {
      const user = await seedProfileUser(provider);
      const png = new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' });
      await provider.putActivity({
        attachments: [
          { id: 'a1', userId: user.id, name: 'receipt.png', mediaType: 'image/png', size: 2_400, blob: png, createdAt: 3 },
          {
            id: 'a2',
            userId: user.id,
            name: 'contract.pdf',
            mediaType: 'application/pdf',
            size: 1_450_000,
            url: 'https://files.example.com/contract.pdf',
            createdAt: 2,
          },
          { id: 'a3', userId: user.id, name: 'evil.txt', mediaType: 'text/plain', size: 10, url: 'javascript:alert(1)', createdAt: 1 },
        ],
      });

      const profile = await mountProfile(provider, user.id);
      const media = await openTab(profile, 'media');
      await waitUntil(() => media.querySelector('.thumbnail'));

      const image = media.querySelector<HTMLImageElement>('.thumbnail img')!;
      expect(image.alt).to.equal('receipt.png');
      expect(image.src).to.match(/^blob:/);
      expect(text(media.querySelector('.thumbnail'))).to.contain('2.4 kB');
      const rows = [...media.querySelectorAll('.files tbody tr')];
      expect(rows.map((row) => text(row.querySelector('.file-name')))).to.deep.equal(['contract.pdf', 'evil.txt']);
      expect(text(rows[0])).to.contain('application/pdf');
      expect(text(rows[0])).to.contain('1.5 MB');
      expect(rows[0]!.querySelector<HTMLAnchorElement>('a.download')!.href).to.equal('https://files.example.com/contract.pdf');
      expect(rows[1]!.querySelector('a')).to.equal(null);
      expect(text(rows[1])).to.contain('Content not available');
      await expectNoAxeViolations(profile);
    });

    it('offers active content only as a download', async () => {
      const user = await seedProfileUser(provider);
      const page = new Blob(['<script>window.__injected = 1</script>'], { type: 'text/html' });
      const drawing = new Blob(['<svg xmlns="http://www.w3.org/2000/svg" onload="window.__injected = 2"/>'], {
        type: 'image/svg+xml',
      });
      await provider.putActivity({
        attachments: [
          { id: 'a1', userId: user.id, name: 'invoice.html', mediaType: 'text/html', size: 40, blob: page, createdAt: 2 },
          { id: 'a2', userId: user.id, name: 'logo.svg', mediaType: 'image/svg+xml', size: 80, blob: drawing, createdAt: 1 },
        ],
      });

      const profile = await mountProfile(provider, user.id);
      const media = await openTab(profile, 'media');
      await waitUntil(() => media.querySelectorAll('.files tbody tr').length === 2);

      expect(media.querySelector('.thumbnail')).to.equal(null);
      expect(media.querySelector('a.open')).to.equal(null);
      const downloads = [...media.querySelectorAll<HTMLAnchorElement>('a.download')];
      expect(downloads.map((link) => link.download)).to.deep.equal(['invoice.html', 'logo.svg']);
      for (const link of downloads) {
        const served = await (await fetch(link.href)).blob();
        expect(served.type).to.equal('application/octet-stream');
      }
    });

    it('revokes object URLs when removed', async () => {
      const user = await seedProfileUser(provider);
      const blob = new Blob(['hello'], { type: 'image/png' });
      await provider.putActivity({
        attachments: [{ id: 'a1', userId: user.id, name: 'a.png', mediaType: 'image/png', size: 5, blob, createdAt: 1 }],
      });
      const profile = await mountProfile(provider, user.id);
      const media = await openTab(profile, 'media');
      await waitUntil(() => media.querySelector('.thumbnail img'));
      const url = media.querySelector<HTMLImageElement>('.thumbnail img')!.src;
      expect(await (await fetch(url)).text()).to.equal('hello');

      profile.remove();

      let failed = false;
      try {
        await fetch(url);
      } catch {
        failed = true;
      }
      expect(failed).to.be.true;
    });
  });

  describe('tickets', () => {
    it('lists tickets with status and dates', async () => {
      const user = await seedProfileUser(provider);
      await provider.putActivity({
        tickets: [
          { id: 't1', userId: user.id, title: 'Refund', status: 'pending', createdAt: Date.UTC(2025, 0, 1), updatedAt: Date.UTC(2025, 0, 5) },
          { id: 't2', userId: user.id, title: 'Login issue', status: 'solved', createdAt: Date.UTC(2024, 5, 1), updatedAt: Date.UTC(2024, 5, 2) },
        ],
      });

      const profile = await mountProfile(provider, user.id);
      const tickets = await openTab(profile, 'tickets');
      await waitUntil(() => tickets.querySelectorAll('tbody tr').length === 2);

      const rows = [...tickets.querySelectorAll('tbody tr')].map((row) =>
        [...row.querySelectorAll('td')].slice(0, 2).map((cell) => text(cell)),
      );
      expect(rows).to.deep.equal([
        ['Refund', 'Pending'],
        ['Login issue', 'Solved'],
      ]);
      expect(text(tickets.querySelector('tbody tr'))).to.contain('Jan 5, 2025');
      await expectNoAxeViolations(profile);
    });
  });

  describe('notes', () => {
    it('adds a note', async () => {
      const user = await seedProfileUser(provider);
      const profile = await mountProfile(provider, user.id);
      const notes = await openTab(profile, 'notes');

      await fill(profile, field(notes, 'New note'), 'Prefers calls after 5 pm.');
      await click(profile, button(notes, 'Add note'));
      await waitUntil(() => notes.querySelector('.note'));

      expect(text(notes.querySelector('.note-text'))).to.equal('Prefers calls after 5 pm.');
      expect(text(notes.querySelector('.note'))).to.contain('Agent Smith');
      expect(field(notes, 'New note').value).to.equal('');
      const stored = await provider.listNotes(user.id, { offset: 0, limit: 10 });
      expect(stored.items.map((note) => [note.text, note.author])).to.deep.equal([['Prefers calls after 5 pm.', 'Agent Smith']]);
      await expectNoAxeViolations(profile);
    });

    it('refuses an empty note', async () => {
      const user = await seedProfileUser(provider);
      const profile = await mountProfile(provider, user.id);
      const notes = await openTab(profile, 'notes');

      await click(profile, button(notes, 'Add note'));

      expect(field<Field>(notes, 'New note').errorMessage).to.equal('Write the note before adding it.');
      expect((await provider.listNotes(user.id, { offset: 0, limit: 10 })).total).to.equal(0);
    });

    it('deletes a note after confirmation', async () => {
      const user = await seedProfileUser(provider);
      await provider.addNote(user.id, { text: 'Old note', author: 'Agent Smith' });
      await provider.addNote(user.id, { text: 'Keep me', author: 'Agent Smith' });
      const profile = await mountProfile(provider, user.id);
      const notes = await openTab(profile, 'notes');
      await waitUntil(() => notes.querySelectorAll('.note').length === 2);
      const oldNote = [...notes.querySelectorAll('.note')].find((note) => text(note).includes('Old note'))!;

      await click(profile, oldNote.querySelector<HTMLElement>('.delete-note')!);
      const dialog = root(profile).querySelector<HTMLElement & { opened: boolean }>('.delete-note-dialog')!;
      expect(dialog.opened).to.be.true;
      expect(text(dialog)).to.contain('The note "Old note" will be deleted');
      dialog.querySelector<HTMLElement>('[slot="confirm-button"]')!.click();
      await waitUntil(() => notes.querySelectorAll('.note').length === 1);

      expect(text(notes.querySelector('.note-text'))).to.equal('Keep me');
      const stored = await provider.listNotes(user.id, { offset: 0, limit: 10 });
      expect(stored.items.map((note) => note.text)).to.deep.equal(['Keep me']);
    });

    it('keeps the note when deletion is cancelled', async () => {
      const user = await seedProfileUser(provider);
      await provider.addNote(user.id, { text: 'Old note', author: 'Agent Smith' });
      const profile = await mountProfile(provider, user.id);
      const notes = await openTab(profile, 'notes');
      await waitUntil(() => notes.querySelector('.note'));

      await click(profile, notes.querySelector<HTMLElement>('.delete-note')!);
      const dialog = root(profile).querySelector<HTMLElement & { opened: boolean }>('.delete-note-dialog')!;
      await click(profile, dialog.querySelector<HTMLElement>('[slot="cancel-button"]')!);

      expect(dialog.opened).to.be.false;
      expect((await provider.listNotes(user.id, { offset: 0, limit: 10 })).total).to.equal(1);
    });

    it('shows a note added elsewhere', async () => {
      const user = await seedProfileUser(provider);
      const profile = await mountProfile(provider, user.id);
      const notes = await openTab(profile, 'notes');

      await provider.addNote(user.id, { text: 'Written in another view', author: 'Agent Jones' });

      await waitUntil(() => notes.querySelector('.note'), 'the profile did not refresh');
      expect(text(notes.querySelector('.note-text'))).to.equal('Written in another view');
    });
  });

  describe('groups', () => {
    it('adds the user to a group and removes it', async () => {
      const vip = await provider.createGroup({ name: 'VIP' });
      const newsletter = await provider.createGroup({ name: 'Newsletter' });
      const user = await createUser(provider, { groupIds: [vip.id] });
      const profile = await mountProfile(provider, user.id);
      const groups = await openTab(profile, 'groups');
      expect([...groups.querySelectorAll('.chip')].map((chip) => text(chip.querySelector('span')))).to.deep.equal(['VIP']);

      await fill(profile, field(groups, 'Add to group'), newsletter.id);
      await click(profile, button(groups, 'Add'));
      await waitUntil(() => groups.querySelectorAll('.chip').length === 2);

      expect((await provider.getUser(user.id)).groupIds).to.have.members([vip.id, newsletter.id]);
      expect(text(root(profile).querySelector('.status-line'))).to.equal('Added to Newsletter.');

      await click(profile, button(groups, 'Remove from VIP'));
      await waitUntil(() => groups.querySelectorAll('.chip').length === 1);

      expect((await provider.getUser(user.id)).groupIds).to.deep.equal([newsletter.id]);
      expect(text(groups.querySelector('.chip span'))).to.equal('Newsletter');
      await expectNoAxeViolations(profile);
    });
  });

  describe('attributes', () => {
    it('labels values with the fields of the user’s forms', async () => {
      const form = await provider.createForm({
        name: 'Event sign-up',
        fields: [
          { key: 'shirt', label: 'T-shirt size', type: 'text' },
          { key: 'birthday', label: 'Birthday', type: 'date' },
        ],
      });
      const group = await provider.createGroup({ name: 'Event', formId: form.id });
      const user = await createUser(provider, {
        groupIds: [group.id],
        attributes: { shirt: 'M', birthday: '1815-12-10', legacy: 'kept' },
      });

      const profile = await mountProfile(provider, user.id);
      const attributes = await openTab(profile, 'attributes');

      const pairs = [...attributes.querySelectorAll('.attributes > div')].map((item) => [
        text(item.querySelector('dt')),
        text(item.querySelector('dd')),
      ]);
      expect(pairs).to.have.deep.members([
        ['T-shirt size', 'M'],
        ['Birthday', '1815-12-10'],
        ['legacy', 'kept'],
      ]);
      await expectNoAxeViolations(profile);
    });
  });

  describe('edit', () => {
    async function startEdit(profile: UserProfile): Promise<HTMLElement> {
      await click(profile, button(root(profile), 'Edit'));
      return root(profile).querySelector<HTMLElement>('.edit-form')!;
    }

    function rows(form: HTMLElement): HTMLElement[] {
      return [...form.querySelectorAll<HTMLElement>('.identifier-row')];
    }

    function discardDialog(profile: UserProfile): HTMLElement & { opened: boolean } {
      return root(profile).querySelector<HTMLElement & { opened: boolean }>('.discard-edit-dialog')!;
    }

    async function save(profile: UserProfile): Promise<void> {
      await click(profile, button(root(profile), 'Save'));
      await waitUntil(() => !root(profile).querySelector('.save[disabled]'));
      await profile.updateComplete;
    }

    it('saves a new name and identifier', async () => {
      const user = await seedProfileUser(provider);
      const profile = await mountProfile(provider, user.id);
      const form = await startEdit(profile);
      await expectNoAxeViolations(profile);

      await fill(profile, field(form, 'Full name'), 'Ada King');
      await fill(profile, field(form, 'Last name'), 'King');
      await click(profile, button(form, 'Add identifier'));
      await fill(profile, rows(form)[3]!.querySelector<Field>('.identifier-value')!, '07700 900456');
      const updated = oneEvent(profile, 'user-update');
      await click(profile, button(root(profile), 'Save'));
      await updated;
      await profile.updateComplete;

      const stored = await provider.getUser(user.id);
      expect(stored.name).to.equal('Ada King');
      expect(stored.lastName).to.equal('King');
      expect(stored.identifiers.map((identifier) => identifier.value)).to.deep.equal([
        '+447700900123',
        'ada@example.com',
        'ada.codes',
        '+447700900456',
      ]);
      expect(root(profile).querySelector('.edit-form')).to.equal(null);
      expect(text(root(profile).querySelector('.name'))).to.equal('Ada King');
      expect(text(root(profile).querySelector('.status-line'))).to.equal('Changes to Ada King are saved.');
    });

    it('shows validation errors beside the fields', async () => {
      const user = await seedProfileUser(provider);
      const profile = await mountProfile(provider, user.id);
      const form = await startEdit(profile);

      await fill(profile, field(form, 'Full name'), '');
      await fill(profile, field(form, 'First name'), '');
      await fill(profile, field(form, 'Last name'), '');
      await fill(profile, rows(form)[1]!.querySelector<Field>('.identifier-value')!, 'ada(at)example.com');
      await save(profile);

      expect(field<Field>(form, 'Full name').errorMessage).to.equal('Enter a full name or a first name.');
      expect(rows(form)[1]!.querySelector<Field>('.identifier-value')!.errorMessage).to.equal(
        '"ada(at)example.com" is not a valid e-mail address.',
      );
      expect(text(form.querySelector('.save-error'))).to.equal('The changes were not saved. Correct the marked fields.');
      expect((await provider.getUser(user.id)).version).to.equal(user.version);
    });

    it('refuses an identifier of another user and offers to open them', async () => {
      const other = await createUser(provider, {
        name: 'Charles Babbage',
        identifiers: [{ kind: 'email', value: 'charles@example.com' }],
      });
      const user = await seedProfileUser(provider);
      const profile = await mountProfile(provider, user.id);
      const form = await startEdit(profile);

      await fill(profile, rows(form)[1]!.querySelector<Field>('.identifier-value')!, 'Charles@Example.com');
      await save(profile);

      expect(rows(form)[1]!.querySelector<Field>('.identifier-value')!.errorMessage).to.equal(
        `Charles@Example.com already belongs to Charles Babbage (user ID ${other.id}).`,
      );
      const selected = oneEvent(profile, 'user-select');
      button(form, 'Open Charles Babbage').click();
      expect((await selected).detail).to.deep.equal({ userId: other.id });
      expect((await provider.getUser(user.id)).identifiers[1]!.value).to.equal('ada@example.com');
    });

    it('keeps the user’s own identifiers without a duplicate warning', async () => {
      const user = await seedProfileUser(provider);
      const profile = await mountProfile(provider, user.id);
      await startEdit(profile);

      await save(profile);

      expect(root(profile).querySelector('.edit-form')).to.equal(null);
    });

    it('reports a change made meanwhile instead of overwriting it', async () => {
      const user = await seedProfileUser(provider);
      const profile = await mountProfile(provider, user.id);
      const form = await startEdit(profile);
      await fill(profile, field(form, 'Full name'), 'Ada from the profile');
      await provider.updateUser(user.id, { name: 'Ada from elsewhere' }, user.version);

      await save(profile);

      const conflict = root(profile).querySelector('.conflict');
      expect(text(conflict)).to.contain('Someone else changed this user after you started editing');
      expect((await provider.getUser(user.id)).name).to.equal('Ada from elsewhere');
      await expectNoAxeViolations(profile);

      await click(profile, button(root(profile), 'Reload the current data'));
      await waitUntil(() => !root(profile).querySelector('.conflict'));

      expect(field(root(profile).querySelector('.edit-form')!, 'Full name').value).to.equal('Ada from elsewhere');
      await fill(profile, field(root(profile).querySelector('.edit-form')!, 'Full name'), 'Ada, merged');
      await save(profile);
      expect((await provider.getUser(user.id)).name).to.equal('Ada, merged');
    });

    it('cancels at once without edits', async () => {
      const user = await seedProfileUser(provider);
      const profile = await mountProfile(provider, user.id);
      await startEdit(profile);

      await click(profile, button(root(profile), 'Cancel'));

      expect(root(profile).querySelector('.edit-form')).to.equal(null);
      expect(discardDialog(profile).opened).to.be.false;
    });

    it('asks before discarding edits', async () => {
      const user = await seedProfileUser(provider);
      const profile = await mountProfile(provider, user.id);
      const form = await startEdit(profile);
      await fill(profile, field(form, 'Full name'), 'Not saved');

      await click(profile, button(root(profile), 'Cancel'));

      const dialog = discardDialog(profile);
      expect(dialog.opened).to.be.true;
      expect(text(dialog)).to.contain('The changes to Ada Lovelace are not saved and will be lost.');
      expect(root(profile).querySelector('.edit-form')).to.equal(form);

      await click(profile, dialog.querySelector<HTMLElement>('[slot="confirm-button"]')!);

      expect(root(profile).querySelector('.edit-form')).to.equal(null);
      expect(dialog.opened).to.be.false;
      expect((await provider.getUser(user.id)).name).to.equal('Ada Lovelace');
      expect(text(root(profile).querySelector('.name'))).to.equal('Ada Lovelace');
    });

    it('keeps the edits when the reader keeps editing', async () => {
      const user = await seedProfileUser(provider);
      const profile = await mountProfile(provider, user.id);
      const form = await startEdit(profile);
      await fill(profile, field(form, 'Full name'), 'Ada, still editing');
      await click(profile, button(root(profile), 'Cancel'));
      const dialog = discardDialog(profile);

      await click(profile, dialog.querySelector<HTMLElement>('[slot="cancel-button"]')!);

      expect(dialog.opened).to.be.false;
      expect(root(profile).querySelector('.edit-form')).to.equal(form);
      expect(field(form, 'Full name').value).to.equal('Ada, still editing');
      await save(profile);
      expect((await provider.getUser(user.id)).name).to.equal('Ada, still editing');
    });
  });

  describe('states', () => {
    it('says when the user does not exist', async () => {
      const errors: unknown[] = [];
      document.addEventListener('data-error', (event) => errors.push(event.detail.error), { once: true });

      const profile = await mountProfile(provider, 'no-such-user');

      expect(text(root(profile).querySelector('.state'))).to.equal(
        'No user has the ID "no-such-user". The user may have been deleted.',
      );
      expect(errors[0]).to.be.instanceOf(NotFoundError);
      await expectNoAxeViolations(profile);
    });

    it('shows a failing provider and retries', async () => {
      const user = await seedProfileUser(provider);
      const closed = freshProvider();
      closed.close();
      const errors: unknown[] = [];
      document.addEventListener('data-error', (event) => errors.push(event.detail.error), { once: true });

      const profile = await mountProfile(closed, user.id);

      expect(text(root(profile).querySelector('.state p'))).to.match(/^The profile could not be loaded\. The data source cannot be reached/);
      expect(errors[0]).to.be.instanceOf(UnavailableError);
      await expectNoAxeViolations(profile);

      profile.provider = provider;
      await waitUntil(() => root(profile).querySelector('.header'));
      expect(text(root(profile).querySelector('.name'))).to.equal('Ada Lovelace');
    });

    it('loads again after being moved', async () => {
      const user = await seedProfileUser(provider);
      const blob = new Blob(['hello'], { type: 'image/png' });
      await provider.putActivity({
        attachments: [{ id: 'a1', userId: user.id, name: 'a.png', mediaType: 'image/png', size: 5, blob, createdAt: 1 }],
      });
      const profile = await mountProfile(provider, user.id);
      await waitUntil(() => panel(profile, 'media').querySelector('.thumbnail img'));
      const firstUrl = panel(profile, 'media').querySelector<HTMLImageElement>('.thumbnail img')!.src;

      const parent = profile.parentElement!;
      profile.remove();
      parent.append(profile);
      const thumbnail = () => root(profile).querySelector<HTMLImageElement>('#media-panel .thumbnail img');
      await waitUntil(() => thumbnail() && thumbnail()!.src !== firstUrl, 'the profile did not load again');

      const image = thumbnail()!;
      expect(await (await fetch(image.src)).text()).to.equal('hello');
    });

    it('follows a change of user-id', async () => {
      const ada = await seedProfileUser(provider);
      const grace = await createUser(provider, { name: 'Grace Hopper' });
      const profile = await mountProfile(provider, ada.id);

      profile.userId = grace.id;
      await waitUntil(() => text(root(profile).querySelector('.name')) === 'Grace Hopper');
    });

    it('refreshes when the user changes elsewhere', async () => {
      const user = await seedProfileUser(provider);
      const profile = await mountProfile(provider, user.id);

      await provider.updateUser(user.id, { name: 'Countess of Lovelace' }, user.version);

      await waitUntil(() => text(root(profile).querySelector('.name')) === 'Countess of Lovelace');
    });

    it('shows not found when the user is deleted elsewhere', async () => {
      const user = await seedProfileUser(provider);
      const profile = await mountProfile(provider, user.id);

      await provider.deleteUser(user.id);

      await waitUntil(() => root(profile).querySelector('.state.error'));
      expect(text(root(profile).querySelector('.state'))).to.contain('No user has the ID');
    });
  });
});
