import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import '../../src/elements/user-profile/define.js';
import type { UserProfile } from '../../src/elements/user-profile/user-profile.js';
import { FetchProvider } from '../../src/data/http/fetch-provider.js';
import type { Attachment } from '../../src/model/types.js';
import { personInput } from '../conformance/helpers.js';
import { apiServer, createTestProvider, resetServer } from './server.js';

/** Draws a small PNG, so that an <img> can really decode it. */
async function pngBlob(): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = 4;
  canvas.height = 3;
  canvas.getContext('2d')!.fillRect(0, 0, 4, 3);
  return new Promise((resolve) => canvas.toBlob((blob) => resolve(blob!), 'image/png'));
}

async function storeAttachment(provider: FetchProvider, blob: Blob): Promise<Attachment> {
  const ada = await provider.createUser(personInput('Ada Lovelace', 1));
  await provider.putActivity({
    attachments: [{ id: 'a-1', userId: ada.id, name: 'receipt.png', mediaType: 'image/png', size: blob.size, blob, createdAt: 1 }],
  });
  const [stored] = (await provider.listAttachments(ada.id, { offset: 0, limit: 5 })).items;
  return stored!;
}

describe('attachments behind a token', () => {
  let provider: FetchProvider;

  beforeEach(async () => {
    await resetServer();
    provider = await createTestProvider();
  });

  afterEach(() => {
    provider.close();
  });

  it('reads content with the token', async () => {
    const blob = await pngBlob();
    const stored = await storeAttachment(provider, blob);

    const content = await provider.readAttachment(stored);

    expect(content?.type).to.equal('image/png');
    expect(new Uint8Array(await content!.arrayBuffer())).to.deep.equal(new Uint8Array(await blob.arrayBuffer()));
  });

  it('leaves other servers to the page', async () => {
    const stored = await storeAttachment(provider, await pngBlob());

    expect(await provider.readAttachment({ ...stored, url: 'https://files.example.com/receipt.png' })).to.equal(undefined);
  });

  it('leaves URLs to the page without headers', async () => {
    const stored = await storeAttachment(provider, await pngBlob());
    const { url } = await apiServer();
    const anonymous = new FetchProvider({ baseUrl: url, changeFeed: false });

    expect(await anonymous.readAttachment(stored)).to.equal(undefined);
    anonymous.close();
  });

  it('shows a thumbnail the server guards', async () => {
    const stored = await storeAttachment(provider, await pngBlob());
    const profile = await fixture<UserProfile>(html`<user-profile .provider=${provider} user-id=${stored.userId}></user-profile>`);
    const root = profile.shadowRoot!;
    await waitUntil(() => root.querySelector('#media-tab'), 'the profile did not load');

    root.querySelector<HTMLElement>('#media-tab')!.click();
    await waitUntil(() => root.querySelector('#media-panel .thumbnail img'), 'no thumbnail appeared');
    const image = root.querySelector<HTMLImageElement>('#media-panel .thumbnail img')!;

    // The server returns 401 to a request without the token, so only content read through the provider decodes.
    expect(image.src).to.match(/^blob:/);
    await image.decode();
    expect(image.naturalWidth).to.equal(4);
  });
});
