import { generateOpinionHits, OPINION_WINDOW } from './opinion-hits';
import { mediaFeedFixtures } from '../media-hotline/media-feeds';

describe('simulated public-opinion hits and media feeds', () => {
  it('generates 60 distinct hits over three hours, deterministic, oldest first', () => {
    const hits = generateOpinionHits();
    expect(generateOpinionHits()).toEqual(hits);
    expect(hits).toHaveLength(60);
    expect(new Set(hits.map((h) => h.id)).size).toBe(60);
    expect(OPINION_WINDOW.end - OPINION_WINDOW.start).toBe(3 * 3600_000);
    for (const [i, h] of hits.entries()) {
      expect(h.publish_time).toBeGreaterThanOrEqual(OPINION_WINDOW.start);
      expect(h.publish_time).toBeLessThan(OPINION_WINDOW.end);
      if (i > 0) expect(h.publish_time).toBeGreaterThanOrEqual(hits[i - 1].publish_time);
    }
  });

  it('media feeds carry 20 items with unique ids', () => {
    const all = Object.values(mediaFeedFixtures()).flat();
    expect(all).toHaveLength(20);
    expect(new Set(all.map((i) => i.id)).size).toBe(20);
  });
});
