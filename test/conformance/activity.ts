import { expect } from '@open-wc/testing';
import { NotFoundError } from '../../src/data/errors.js';
import type { Page, PageRequest } from '../../src/data/provider.js';
import type { Attachment, Conversation, Message, Note, Ticket, User } from '../../src/model/types.js';
import { expectDataError, idsOf, personInput, useFreshProvider, type ProviderFactory } from './helpers.js';

const MINUTE = 60 * 1000;
const START = Date.UTC(2024, 2, 1, 9);

/** Reads every page of a user's or conversation's records, `limit` at a time. */
async function readAll<T>(list: (page: PageRequest) => Promise<Page<T>>, limit: number): Promise<{ items: T[]; totals: number[] }> {
  const result = { items: [] as T[], totals: [] as number[] };
  for (let offset = 0; ; offset += limit) {
    const page = await list({ offset, limit });
    result.items.push(...page.items);
    result.totals.push(page.total);
    if (page.items.length < limit || offset > 10_000) return result;
  }
}

/** Returns eight bytes that are not valid text, so a round trip through a string would corrupt them. */
function binaryContent(): Uint8Array<ArrayBuffer> {
  return new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x80, 0x0a]);
}

/** Declares the tests of a user's activity: conversations, messages, attachments, tickets and notes. */
export function describeActivity(factory: ProviderFactory): void {
  describe('activity', () => {
    const handle = useFreshProvider(factory);
    let ada: User;
    let grace: User;

    beforeEach(async () => {
      ada = await handle.provider.createUser(personInput('Ada Lovelace', 1));
      grace = await handle.provider.createUser(personInput('Grace Hopper', 2));
    });

    const conversation = (id: string, userId: string, lastMessageAt: number): Conversation => ({
      id,
      userId,
      channel: 'whatsapp',
      startedAt: START,
      lastMessageAt,
      messageCount: 0,
    });

    const message = (id: string, conversationId: string, userId: string, sentAt: number): Message => ({
      id,
      conversationId,
      userId,
      channel: 'whatsapp',
      direction: sentAt % (2 * MINUTE) === 0 ? 'inbound' : 'outbound',
      text: `Message ${id}`,
      sentAt,
    });

    it('lists conversations most recent first', async () => {
      await handle.provider.putActivity({
        conversations: [
          conversation('c-old', ada.id, START + 10 * MINUTE),
          conversation('c-new', ada.id, START + 30 * MINUTE),
          conversation('c-mid', ada.id, START + 20 * MINUTE),
          conversation('c-grace', grace.id, START + 40 * MINUTE),
        ],
      });

      const all = await readAll((page) => handle.provider.listConversations(ada.id, page), 2);

      expect(idsOf(all.items)).to.deep.equal(['c-new', 'c-mid', 'c-old']);
      expect(all.totals).to.deep.equal([3, 3]);
      expect(all.items[0]).to.deep.equal(conversation('c-new', ada.id, START + 30 * MINUTE));
    });

    it('lists messages newest first', async () => {
      const messages = Array.from({ length: 25 }, (_, n) => message(`m-${String(n).padStart(2, '0')}`, 'c-1', ada.id, START + n * MINUTE));
      await handle.provider.putActivity({
        conversations: [conversation('c-1', ada.id, START + 24 * MINUTE), conversation('c-2', ada.id, START)],
        messages: [...messages, message('m-other', 'c-2', ada.id, START + 99 * MINUTE)],
      });

      const first = await handle.provider.listMessages('c-1', { offset: 0, limit: 10 });
      const all = await readAll((page) => handle.provider.listMessages('c-1', page), 10);

      expect(idsOf(first.items)).to.deep.equal(idsOf(messages.slice(15).reverse()));
      expect(first.total).to.equal(25);
      expect(idsOf(all.items)).to.deep.equal(idsOf([...messages].reverse()));
      expect(all.totals).to.deep.equal([25, 25, 25]);
      expect(all.items[24]).to.deep.equal(messages[0]);
    });

    it('keeps message attachment ids', async () => {
      const withAttachment = { ...message('m-1', 'c-1', ada.id, START), attachmentIds: ['a-1'] };

      await handle.provider.putActivity({ conversations: [conversation('c-1', ada.id, START)], messages: [withAttachment] });

      expect((await handle.provider.listMessages('c-1', { offset: 0, limit: 5 })).items).to.deep.equal([withAttachment]);
    });

    it('round-trips attachments', async () => {
      const content = binaryContent();
      const withBlob: Attachment = {
        id: 'a-blob',
        userId: ada.id,
        name: 'receipt.png',
        mediaType: 'image/png',
        size: content.byteLength,
        blob: new Blob([content], { type: 'image/png' }),
        createdAt: START + 2 * MINUTE,
      };
      const withUrl: Attachment = {
        id: 'a-url',
        userId: ada.id,
        conversationId: 'c-1',
        name: 'brochure.pdf',
        mediaType: 'application/pdf',
        size: 48213,
        url: 'https://files.example.com/brochure.pdf',
        createdAt: START + MINUTE,
      };
      const graceFile: Attachment = { ...withUrl, id: 'a-grace', userId: grace.id };

      await handle.provider.putActivity({ attachments: [withUrl, withBlob, graceFile] });
      const page = await handle.provider.listAttachments(ada.id, { offset: 0, limit: 10 });

      expect(idsOf(page.items)).to.deep.equal(['a-blob', 'a-url']);
      expect(page.total).to.equal(2);
      expect(page.items[1]).to.deep.equal(withUrl);
      const stored = page.items[0] as Attachment;
      expect(stored.name).to.equal('receipt.png');
      expect(stored.mediaType).to.equal('image/png');
      expect(stored.size).to.equal(content.byteLength);
      // A provider that keeps content elsewhere returns a URL instead of the Blob.
      if (stored.blob) {
        expect(new Uint8Array(await stored.blob.arrayBuffer())).to.deep.equal(content);
        expect(stored.blob.type).to.equal('image/png');
      } else {
        expect(stored.url).to.be.a('string').and.not.equal('');
      }
    });

    it('pages attachments newest first', async () => {
      const attachments = Array.from({ length: 7 }, (_, n): Attachment => ({
        id: `a-${n}`,
        userId: ada.id,
        name: `photo-${n}.jpg`,
        mediaType: 'image/jpeg',
        size: 1000 + n,
        url: `https://files.example.com/photo-${n}.jpg`,
        createdAt: START + n * MINUTE,
      }));
      await handle.provider.putActivity({ attachments });

      const all = await readAll((page) => handle.provider.listAttachments(ada.id, page), 3);

      expect(idsOf(all.items)).to.deep.equal(['a-6', 'a-5', 'a-4', 'a-3', 'a-2', 'a-1', 'a-0']);
      expect(all.totals).to.deep.equal([7, 7, 7]);
    });

    it('lists tickets most recently updated first', async () => {
      const ticket = (id: string, userId: string, updatedAt: number): Ticket => ({
        id,
        userId,
        title: `Ticket ${id}`,
        status: 'open',
        createdAt: START,
        updatedAt,
      });
      await handle.provider.putActivity({
        tickets: [ticket('t-1', ada.id, START + 5 * MINUTE), ticket('t-2', ada.id, START + 9 * MINUTE), ticket('t-3', ada.id, START + 7 * MINUTE), ticket('t-grace', grace.id, START)],
      });

      const all = await readAll((page) => handle.provider.listTickets(ada.id, page), 2);

      expect(idsOf(all.items)).to.deep.equal(['t-2', 't-3', 't-1']);
      expect(all.totals).to.deep.equal([3, 3]);
      expect(all.items[0]).to.deep.equal(ticket('t-2', ada.id, START + 9 * MINUTE));
    });

    it('replaces records put again', async () => {
      const ticket: Ticket = { id: 't-1', userId: ada.id, title: 'Refund', status: 'open', createdAt: START, updatedAt: START };

      await handle.provider.putActivity({ tickets: [ticket] });
      await handle.provider.putActivity({ tickets: [{ ...ticket, status: 'solved', updatedAt: START + MINUTE }] });
      const page = await handle.provider.listTickets(ada.id, { offset: 0, limit: 5 });

      expect(page.total).to.equal(1);
      expect(page.items[0]?.status).to.equal('solved');
    });

    it('lists notes newest first', async () => {
      const note = (id: string, userId: string, createdAt: number): Note => ({ id, userId, text: `Note ${id}`, author: 'Support', createdAt });
      await handle.provider.putActivity({
        notes: [note('n-1', ada.id, START), note('n-2', ada.id, START + 2 * MINUTE), note('n-3', ada.id, START + MINUTE), note('n-grace', grace.id, START)],
      });

      const all = await readAll((page) => handle.provider.listNotes(ada.id, page), 2);

      expect(idsOf(all.items)).to.deep.equal(['n-2', 'n-3', 'n-1']);
      expect(all.totals).to.deep.equal([3, 3]);
      expect(all.items[2]).to.deep.equal(note('n-1', ada.id, START));
    });

    it('adds a note', async () => {
      await handle.provider.putActivity({ notes: [{ id: 'n-old', userId: ada.id, text: 'Old', author: 'Support', createdAt: START }] });
      const before = Date.now();

      const note = await handle.provider.addNote(ada.id, { text: 'Prefers e-mail', author: 'Grace' });

      expect(note.id).to.be.a('string').and.not.equal('');
      expect(note.userId).to.equal(ada.id);
      expect(note.text).to.equal('Prefers e-mail');
      expect(note.author).to.equal('Grace');
      expect(note.createdAt).to.be.within(before, Date.now());
      const page = await handle.provider.listNotes(ada.id, { offset: 0, limit: 5 });
      expect(page.items[0]).to.deep.equal(note);
      expect(page.total).to.equal(2);
    });

    it('deletes a note', async () => {
      const note = await handle.provider.addNote(ada.id, { text: 'Prefers e-mail', author: 'Grace' });
      const kept = await handle.provider.addNote(ada.id, { text: 'Called back', author: 'Grace' });

      await handle.provider.deleteNote(note.id);

      const page = await handle.provider.listNotes(ada.id, { offset: 0, limit: 5 });
      expect(idsOf(page.items)).to.deep.equal([kept.id]);
      expect(page.total).to.equal(1);
      await expectDataError(handle.provider.deleteNote(note.id), NotFoundError);
    });

    it('raises NotFoundError for missing users', async () => {
      const page = { offset: 0, limit: 5 };

      await expectDataError(handle.provider.addNote('missing-user', { text: 'Hello', author: 'Grace' }), NotFoundError);
      await expectDataError(handle.provider.listConversations('missing-user', page), NotFoundError);
      await expectDataError(handle.provider.listAttachments('missing-user', page), NotFoundError);
      await expectDataError(handle.provider.listTickets('missing-user', page), NotFoundError);
      await expectDataError(handle.provider.listNotes('missing-user', page), NotFoundError);
    });

    it('returns empty pages for a user without activity', async () => {
      const page = { offset: 0, limit: 5 };
      const empty = { items: [], total: 0 };

      expect(await handle.provider.listConversations(grace.id, page)).to.deep.equal(empty);
      expect(await handle.provider.listAttachments(grace.id, page)).to.deep.equal(empty);
      expect(await handle.provider.listTickets(grace.id, page)).to.deep.equal(empty);
      expect(await handle.provider.listNotes(grace.id, page)).to.deep.equal(empty);
    });
  });
}
