// npm run messages:client — writes messages/client/km.json and en.json: the parts of the catalogue
// (CLIENT_MESSAGE_PATHS, lib/i18n/client-messages.ts) that client components translate with. The
// browser bundle imports these once (cached like any script) instead of every page carrying them
// in its HTML. Run it after changing a message under those paths; test/client-messages.test.ts fails
// while a file differs from the catalogue.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { clientMessagesText } from '@/lib/i18n/client-messages';

for (const locale of ['km', 'en'] as const) {
  const file = path.join('messages', 'client', `${locale}.json`);
  writeFileSync(file, clientMessagesText(locale));
  process.stdout.write(`${file}\n`);
}
