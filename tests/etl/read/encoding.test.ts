import { describe, expect, test } from 'vitest';
import { decodeText, detectEncoding, incompleteUtf8Tail, UnsupportedEncodingError } from '../../../etl/read/detect-encoding';
import { encodeGb18030 } from '../../fixtures/gb18030-encode';

const utf8 = (s: string) => Buffer.from(s, 'utf8');

describe('the GB18030 fixture encoder (checked against known bytes)', () => {
  test('GBK two-byte and GB18030 four-byte characters', () => {
    expect(encodeGb18030('中文').toString('hex')).toBe('d6d0cec4');
    expect(encodeGb18030('𠀀').toString('hex')).toBe('95328236');
    expect(encodeGb18030('㐀').toString('hex')).toBe('8139ee39');
    expect(encodeGb18030('a,1').toString('hex')).toBe('612c31');
  });
});

describe('detectEncoding', () => {
  test('UTF-8, UTF-8 with BOM, GBK are detected from the bytes', () => {
    expect(detectEncoding(utf8('成果编号,成果名称\n'))).toBe('utf-8');
    expect(detectEncoding(utf8('\uFEFF成果编号,成果名称\n'))).toBe('utf-8-bom');
    expect(detectEncoding(encodeGb18030('成果编号,成果名称\n'))).toBe('gb18030');
    expect(detectEncoding(utf8('abc'))).toBe('utf-8');
  });

  test('a head cut inside a UTF-8 character is still UTF-8 when partial', () => {
    const bytes = utf8('单位名称,成果编号');
    const cut = bytes.subarray(0, bytes.length - 1);
    expect(incompleteUtf8Tail(cut)).toBe(2);
    expect(detectEncoding(cut, { partial: true })).toBe('utf-8');
    expect(detectEncoding(cut)).toBe('gb18030');
  });

  test('UTF-16 (Excel "Unicode text") is refused with a Chinese message', () => {
    expect(() => detectEncoding(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toThrow(UnsupportedEncodingError);
    expect(() => detectEncoding(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toThrow(/UTF-16/);
  });
});

describe('decodeText', () => {
  test('decodes GB18030 four-byte characters (the gbk label would mangle them)', () => {
    const bytes = encodeGb18030('𠀀科技有限公司');
    expect(decodeText(bytes)).toBe('𠀀科技有限公司');
    expect(new TextDecoder('gbk').decode(bytes)).not.toBe('𠀀科技有限公司');
  });

  test('strips the UTF-8 BOM', () => {
    expect(decodeText(utf8('\uFEFF单位'))).toBe('单位');
  });

  test('invalid bytes throw instead of becoming U+FFFD', () => {
    expect(() => decodeText(Buffer.from([0xd6, 0xd0, 0xff]), 'gb18030')).toThrow();
    expect(() => decodeText(Buffer.from([0x61, 0xe4, 0xb8]), 'utf-8')).toThrow();
  });
});
