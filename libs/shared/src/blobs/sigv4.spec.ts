import { signV4 } from './sigv4';

// The "GET Object" example of AWS's S3 documentation (Signature Version 4, header-based authentication):
// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
const EMPTY_SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const creds = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
  service: 's3',
};

describe('signV4', () => {
  const signed = signV4(
    {
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
      headers: { Range: 'bytes=0-9', 'x-amz-content-sha256': EMPTY_SHA },
      payloadSha256: EMPTY_SHA,
      now: new Date('2013-05-24T00:00:00Z'),
    },
    creds,
  );

  it("builds AWS's canonical request and string to sign", () => {
    expect(signed.canonicalRequest).toBe(
      [
        'GET',
        '/test.txt',
        '',
        'host:examplebucket.s3.amazonaws.com',
        'range:bytes=0-9',
        `x-amz-content-sha256:${EMPTY_SHA}`,
        'x-amz-date:20130524T000000Z',
        '',
        'host;range;x-amz-content-sha256;x-amz-date',
        EMPTY_SHA,
      ].join('\n'),
    );
    expect(signed.stringToSign).toBe(
      [
        'AWS4-HMAC-SHA256',
        '20130524T000000Z',
        '20130524/us-east-1/s3/aws4_request',
        '7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972',
      ].join('\n'),
    );
  });

  it("yields AWS's published signature and Authorization header", () => {
    expect(signed.signature).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
    expect(signed.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, ' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('changes the signature with the secret, the day or the path', () => {
    const base = {
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
      headers: {},
      payloadSha256: EMPTY_SHA,
      now: new Date('2013-05-24T00:00:00Z'),
    };
    const a = signV4(base, creds).signature;
    expect(signV4(base, { ...creds, secretAccessKey: 'other' }).signature).not.toBe(a);
    expect(signV4({ ...base, now: new Date('2013-05-25T00:00:00Z') }, creds).signature).not.toBe(a);
    expect(
      signV4({ ...base, url: new URL('https://examplebucket.s3.amazonaws.com/x') }, creds).signature,
    ).not.toBe(a);
  });
});
