'use server';
import { runAction } from '@/lib/action';
import { requireRole } from '@/lib/auth/guards';
import { gazetteerUploadSchema } from '@/lib/gazetteer/schemas';
import { importUploadedFiles } from '@/lib/gazetteer/upload';

/** Form data with one or more files under `files`: an edition of the gazetteer. */
export async function importGazetteerAction(input: unknown) {
  return runAction(() => requireRole('operators'), gazetteerUploadSchema, input, importUploadedFiles);
}
