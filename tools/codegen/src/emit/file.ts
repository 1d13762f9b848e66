// What an emitter returns: files as statements, for the writer to print. Emitters depend on
// this module, never on the writer.
import type { StatementStructures } from 'ts-morph';

export interface EmittedFile {
  /** Path relative to the target's output folder. */
  path: string;
  /** ts-morph structures, or source text already laid out (two-space indent). */
  statements: (string | StatementStructures)[];
  /**
   * True when text statements are laid out by construction (ts-morph structures and
   * CodeBlockWriter blocks). Absent: the writer re-indents the file by its brackets, for
   * emitters that still concatenate (emit/client.ts until it moves to ts-morph.ts's block()).
   */
  laidOut?: boolean;
}
