import { Utf8Batch } from './utf8-batch';

describe('Utf8Batch', () => {
  it('holds exactly the UTF-8 of the lines appended, in order', () => {
    const lines = ['{"a":1}\n', '小区噪音扰民，物业不管\n', 'emoji 😀 and ＡＢＣ\n', '\n'];
    const batch = new Utf8Batch();
    for (const line of lines) batch.append(line);
    expect(Buffer.from(batch.take()).equals(Buffer.from(lines.join(''), 'utf8'))).toBe(true);
  });

  it('grows past the size it started with without losing what it held', () => {
    const batch = new Utf8Batch(16);
    let expected = '';
    for (let i = 0; i < 500; i += 1) {
      const line = `${'阜阳'.repeat(i % 40)}${i}\n`;
      batch.append(line);
      expected += line;
    }
    expect(Buffer.from(batch.take()).toString('utf8')).toBe(expected);
  });

  it('gives bytes whose buffer can be transferred to another thread', () => {
    const batch = new Utf8Batch(64);
    batch.append('x\n');
    const bytes = batch.take();
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(bytes, [bytes.buffer]);
    expect(bytes.byteLength).toBe(0);
    port1.close();
    port2.close();
  });

  it('splits nothing when it runs out of room inside a character of four or three bytes', () => {
    for (let size = 16; size < 24; size += 1) {
      const batch = new Utf8Batch(size);
      const text = `ab${'😀阜'.repeat(9)}\n`;
      batch.append(text);
      batch.append(text);
      expect(Buffer.from(batch.take()).toString('utf8')).toBe(text + text);
    }
  });
});
