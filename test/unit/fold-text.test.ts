import { expect } from '@open-wc/testing';
import { foldText } from '../../src/data/user-query.js';

/** Folds as the definition of foldText reads, without its ASCII shortcut. */
function foldByDefinition(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
}

describe('foldText', () => {
  const CASES = ['Ada Lovelace', 'ANN.SMITH@EXAMPLE.COM', 'o_brien.99', '', ' \t~', 'Émile Zola', 'Søren Ærø', 'İstanbul', 'ǅemal', 'Ａｂｃ', '李小龍', 'Mc\u0301Donald'];

  for (const text of CASES) {
    it(`folds ${JSON.stringify(text)} by definition`, () => {
      expect(foldText(text)).to.equal(foldByDefinition(text));
    });
  }

  it('folds accents away', () => {
    expect(foldText('Émile')).to.equal('emile');
  });
});
