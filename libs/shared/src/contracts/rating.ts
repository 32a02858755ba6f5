import { z } from 'zod';

/** 好差评: the citizen's verdict on one handling round — 满意, 基本满意, 不满意. */
export const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export const ratingSchema = z
  .enum(RATINGS)
  .describe('满意 satisfied, 基本满意 basically_satisfied, 不满意 dissatisfied');
export type Rating = z.infer<typeof ratingSchema>;

/** Where a rating came from (ticket_ratings.source). */
export const RATING_SOURCES = ['push', 'upstream', 'follow_up'] as const;
export type RatingSource = (typeof RATING_SOURCES)[number];

const LABELS: Record<string, Rating> = {
  满意: 'satisfied',
  非常满意: 'satisfied',
  基本满意: 'basically_satisfied',
  比较满意: 'basically_satisfied',
  不满意: 'dissatisfied',
  非常不满意: 'dissatisfied',
  satisfied: 'satisfied',
  basically_satisfied: 'basically_satisfied',
  dissatisfied: 'dissatisfied',
};

/**
 * The rating an upstream satisfaction field means (the 12345 export's 满意度, a push body's rating), or undefined for
 * anything else (未评价, empty, an unknown word): an unknown label is not guessed at.
 */
export function parseRating(text: string | undefined): Rating | undefined {
  if (!text) return undefined;
  const key = text.trim().replace(/\s+/g, '');
  return LABELS[key] ?? LABELS[key.toLowerCase()];
}
