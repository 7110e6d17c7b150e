import { expect, fixture, html } from '@open-wc/testing';
import { allowEmptyHTML } from '../../src/elements/shared/trusted-types.js';
import { styleProperties } from '../../src/elements/shared/style-properties.js';

interface HTMLPolicy {
  createHTML(input: string): { toString(): string };
}

function defaultPolicy(): HTMLPolicy | null {
  return (globalThis as unknown as { trustedTypes: { defaultPolicy: HTMLPolicy | null } }).trustedTypes.defaultPolicy;
}

describe('allowEmptyHTML', () => {
  it('creates a default policy for the empty string only', () => {
    allowEmptyHTML();

    const policy = defaultPolicy();
    expect(policy).to.not.equal(null);
    expect(String(policy!.createHTML(''))).to.equal('');
    expect(String(policy!.createHTML('<img src=x onerror="window.__pwned=1">'))).to.equal('');
  });

  it('keeps the existing default policy', () => {
    const first = defaultPolicy();

    allowEmptyHTML();

    expect(defaultPolicy()).to.equal(first);
  });
});

describe('styleProperties', () => {
  it('sets custom properties through the CSSOM', async () => {
    const element = await fixture<HTMLSpanElement>(html`<span ${styleProperties({ '--avatar-hue': '42' })}></span>`);

    expect(element.style.getPropertyValue('--avatar-hue')).to.equal('42');
  });
});
