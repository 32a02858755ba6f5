import { z } from 'zod';

/** One work order of the 12345 export as the hotline system sends it (field names are the export's). */
export const hotlineWorkOrderSchema = z.object({
  recordNo: z.string().regex(/^\d{18}$/, 'recordNo must be 18 digits'),
  acceptTime: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
  updateTime: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
  appealType: z.string(),
  appealTitle: z.string().optional().default(''),
  appealContent: z.string().min(1),
  citizenName: z.string().optional().default(''),
  contactPhone: z.string().optional().default(''),
  incidentAddress: z.string().optional().default(''),
  urgency: z.string().optional().default(''),
  repeatFlag: z.string().optional().default('0'),
  anonymousFlag: z.string().optional().default('0'),
  status: z.string().optional().default(''),
  sourceChannel: z.string().optional().default(''),
  /** 满意度 after 办结 (满意 / 基本满意 / 不满意, or empty while not rated) and the citizen's remark with it. */
  satisfaction: z.string().optional().default(''),
  satisfactionRemark: z.string().optional().default(''),
  /** Photos, videos and recordings the citizen sent with the appeal, as links into the hotline's file service. */
  attachments: z
    .array(
      z.object({ fileName: z.string().optional(), fileType: z.string().optional(), fileUrl: z.string() }),
    )
    .optional()
    .default([]),
});
export type HotlineWorkOrder = z.infer<typeof hotlineWorkOrderSchema>;

export const hotlinePageSchema = z.object({
  code: z.literal(0),
  message: z.string().optional(),
  data: z.object({
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    totalPages: z.number().int(),
    records: z.array(z.unknown()),
  }),
});
