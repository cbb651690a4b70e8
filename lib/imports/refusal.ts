/** Why a whole file is refused; the key names a message under imports.refusals. */
export type RefusalKey =
  | 'empty'
  | 'notText'
  | 'unreadable'
  | 'csvError'
  | 'noHeader'
  | 'missingColumns'
  | 'missingBirth'
  | 'duplicateColumns'
  | 'noRows'
  | 'tooManyRows'
  | 'rowTooLarge'
  | 'tooLarge'
  | 'interrupted'
  | 'internal';

export type RefusalParams = Record<string, string | number>;

export class ImportRefusal extends Error {
  constructor(
    readonly key: RefusalKey,
    readonly params: RefusalParams = {},
    options?: { cause?: unknown },
  ) {
    super(`import refused: ${key}`, options);
    this.name = 'ImportRefusal';
  }
}
