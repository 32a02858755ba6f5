import { hotspotEventV1Schema } from '@minsheng/shared/contracts';
import { z } from 'zod';
import { view } from '../common/api-views';

export const hotspotEventView = view('HotspotEventV1', hotspotEventV1Schema);

export const hotspotPageView = view(
  'HotspotPage',
  z.object({
    hotspots: z.array(hotspotEventView).describe('newest day first'),
    nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last'),
  }),
);
