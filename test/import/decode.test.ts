import { expect } from '@open-wc/testing';
import { decodeText, detectEncoding, readSeparatorLine } from '../../src/import/decode.js';
import { bytesOf } from './helpers.js';

/** Encodes text as UTF-16 code units in the given byte order. */
function utf16(text: string, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < text.length; i++) view.setUint16(i * 2, text.charCodeAt(i), littleEndian);
  return bytes;
}

describe('detectEncoding', () => {
  it('reads a UTF-8 byte order mark', () => {
    expect(detectEncoding(bytesOf([0xef, 0xbb, 0xbf], 'Name'))).to.equal('utf-8-bom');
  });

  it('reads UTF-16 byte order marks', () => {
    expect(detectEncoding(bytesOf([0xff, 0xfe], utf16('Name', true)))).to.equal('utf-16le');
    expect(detectEncoding(bytesOf([0xfe, 0xff], utf16('Name', false)))).to.equal('utf-16be');
  });

  it('accepts valid UTF-8 without a mark', () => {
    expect(detectEncoding(bytesOf('José Müller'))).to.equal('utf-8');
  });

  it('falls back to Windows-1252 for invalid UTF-8', () => {
    expect(detectEncoding(bytesOf('Jos', [0xe9]))).to.equal('windows-1252');
  });
});

describe('decodeText', () => {
  it('drops the byte order mark', () => {
    const decoded = decodeText(bytesOf([0xef, 0xbb, 0xbf], '"Full Name",Phone'));

    expect(decoded.text).to.equal('"Full Name",Phone');
  });

  it('decodes UTF-16LE', () => {
    const decoded = decodeText(bytesOf([0xff, 0xfe], utf16('Nguyễn\tالعلي', true)));

    expect(decoded).to.deep.equal({ text: 'Nguyễn\tالعلي', encoding: 'utf-16le' });
  });

  it('decodes UTF-16BE', () => {
    const decoded = decodeText(bytesOf([0xfe, 0xff], utf16('Zoë', false)));

    expect(decoded).to.deep.equal({ text: 'Zoë', encoding: 'utf-16be' });
  });

  it('decodes Windows-1252 accents and the euro sign', () => {
    const decoded = decodeText(bytesOf('Jos', [0xe9], ' M', [0xfc], 'ller ', [0x80]));

    expect(decoded).to.deep.equal({ text: 'José Müller €', encoding: 'windows-1252' });
  });

  it('uses a chosen encoding', () => {
    const decoded = decodeText(bytesOf('José'), 'windows-1252');

    expect(decoded).to.deep.equal({ text: 'JosÃ©', encoding: 'windows-1252' });
  });
});

describe('readSeparatorLine', () => {
  it('reads Excel sep line', () => {
    expect(readSeparatorLine('sep=;\r\nNombre;Apellidos')).to.deep.equal({ delimiter: ';', length: 7 });
  });

  it('reads a quoted sep line', () => {
    expect(readSeparatorLine('"sep=|"\nName|Phone')).to.deep.equal({ delimiter: '|', length: 8 });
  });

  it('ignores a header that is not a sep line', () => {
    expect(readSeparatorLine('separator,name\n')).to.equal(undefined);
  });
});
