import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import { ChangeFeed } from '../changes.js';

/** Collects what the feed writes to a response. */
function fakeResponse(): { response: ServerResponse; text: () => string } {
  const chunks: string[] = [];
  const response = {
    writeHead: () => response,
    write: (chunk: string) => chunks.push(chunk),
    on: () => response,
    end: () => undefined,
  } as unknown as ServerResponse;
  return { response, text: () => chunks.join('') };
}

function eventIds(text: string): string[] {
  return [...text.matchAll(/^id: (\S+)$/gm)].map((match) => match[1] as string);
}

describe('ChangeFeed', () => {
  it('sends changes to open streams', () => {
    const feed = new ChangeFeed();
    const client = fakeResponse();
    feed.open(client.response, undefined);

    feed.publish('users', ['u-1'], 'client-a');

    assert.match(client.text(), /event: change\ndata: \{"entity":"users","ids":\["u-1"\],"origin":"client-a"\}\n\n/);
    feed.close();
  });

  it('replays what a reconnecting client missed', () => {
    const feed = new ChangeFeed();
    const first = fakeResponse();
    feed.open(first.response, undefined);
    feed.publish('users', ['u-1'], undefined);
    const [seen] = eventIds(first.text());
    feed.publish('groups', ['g-1'], undefined);
    feed.publish('forms', ['f-1'], undefined);

    const again = fakeResponse();
    feed.open(again.response, seen);

    assert.equal(eventIds(again.text()).length, 2);
    assert.match(again.text(), /"entity":"groups"/);
    assert.match(again.text(), /"entity":"forms"/);
    assert.doesNotMatch(again.text(), /"entity":"users"/);
    feed.close();
  });

  it('tells a client from another run to reload everything', () => {
    const feed = new ChangeFeed();
    feed.publish('users', ['u-1'], undefined);

    const client = fakeResponse();
    feed.open(client.response, 'older-run.12');

    assert.match(client.text(), /data: \{"entity":"all"\}/);
    feed.close();
  });

  it('leaves ids out of large changes', () => {
    const feed = new ChangeFeed();
    const client = fakeResponse();
    feed.open(client.response, undefined);

    feed.publish('users', Array.from({ length: 101 }, (_, index) => `u-${index}`), undefined);

    assert.match(client.text(), /data: \{"entity":"users"\}/);
    feed.close();
  });
});
