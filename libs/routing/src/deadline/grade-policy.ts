import { type Grade } from '@minsheng/shared/contracts';

/** 两有三解 grading: urgent and simple matters in 2 working days, general in 5, complex after consultation (15). */
export const WORKING_DAYS_BY_GRADE: Record<Grade, number> = { urgent: 2, simple: 2, general: 5, complex: 15 };
