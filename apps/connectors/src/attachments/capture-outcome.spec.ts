import { ConnectorError } from '@minsheng/connector-sdk';
import { sniff } from '@minsheng/shared/attachments';
import { contentRefusal, fetchRefusal } from './capture-outcome';

const LIMITS = { image: 1000, video: 5000, audio: 1000, document: 1000 };
const jpeg = (size: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(size - 4)]);

describe('capture outcome', () => {
  it('accepts a file of an allowed type within its limit', () => {
    const b = jpeg(1000);
    expect(contentRefusal('http://127.0.0.1/a.jpg', sniff(b), b.length, LIMITS)).toBeNull();
  });

  it('refuses a file over the limit of its sniffed type, for good', () => {
    const b = jpeg(1001);
    expect(contentRefusal('http://127.0.0.1/a.jpg', sniff(b), b.length, LIMITS)).toEqual({
      code: 'too_large',
      reason: 'image/jpeg of 1001 bytes exceeds the image limit of 1000 bytes',
      permanent: true,
    });
  });

  it('names an executable behind a picture name', () => {
    const b = Buffer.from('MZ\x90\0\x03\0\0\0', 'latin1');
    expect(contentRefusal('http://127.0.0.1/p/photo.JPG?x=1', sniff(b), b.length, LIMITS)).toEqual({
      code: 'disguised_executable',
      reason: 'content is a Windows executable (MZ) named .jpg',
      permanent: true,
    });
  });

  it("keeps the fetcher's classification, retryable; a refusal by another error is named after it", () => {
    expect(fetchRefusal(new ConnectorError('not_found', 'GET x answered 404'))).toEqual({
      code: 'not_found',
      reason: 'GET x answered 404',
      permanent: false,
    });
    class EgressRefusedError extends Error {
      override name = 'EgressRefusedError';
    }
    expect(fetchRefusal(new EgressRefusedError('10.0.0.1 is private'))).toMatchObject({
      code: 'egress_refused',
      permanent: false,
    });
    expect(
      fetchRefusal(new ConnectorError('temporary', 'maxContentLength size of 20971520 exceeded')),
    ).toMatchObject({
      code: 'too_large',
      permanent: true,
    });
  });
});
