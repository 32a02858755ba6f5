import { attachmentSchema } from './appeal-item.v1';

describe('attachment URLs', () => {
  it('accept http and https only', () => {
    for (const url of ['https://ys.gov.example/a.jpg', 'http://10.1.2.3/b.png'])
      expect(attachmentSchema.safeParse({ url, kind: 'image' }).success).toBe(true);
    for (const url of [
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'ftp://x.example/a',
      'file:///etc/passwd',
    ]) {
      const r = attachmentSchema.safeParse({ url, kind: 'image' });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]).toMatchObject({ path: ['url'], message: 'must be an http or https URL' });
    }
  });
});
