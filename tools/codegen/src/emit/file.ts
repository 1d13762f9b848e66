// What an emitter returns: files as statements, for the writer to print. Emitters depend on
// this module, never on the writer.
import type { StatementStructures } from 'ts-morph';

export interface EmittedFile {
  /** Path relative to the target's output folder. */
  path: string;
  /** ts-morph structures, or source text already laid out (two-space indent). */
  statements: (string | StatementStructures)[];
  /**
   * Text statements are final: laid out by ts-morph structures and CodeBlockWriter blocks
   * (ts-morph.ts), never re-indented after the fact. Every emitter says so.
   */
  laidOut: true;
}
