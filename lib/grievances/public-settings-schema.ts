import { z } from 'zod';

/** The public page's setting (Grievances → Public page): on or off. */
export const publicIntakeSchema = z.object({ enabled: z.boolean({ error: 'invalid' }) });
export type PublicIntakeInput = z.input<typeof publicIntakeSchema>;
