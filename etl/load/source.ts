/**
 * What the loader needs to know about one input file before reading its rows: its kind, encoding,
 * header row and how each header cell maps to a contract column. Wraps etl/read's sniffing.
 */
import type { KindId } from '../read/contract.ts';
import type { SniffResult } from '../read/sniff.ts';

export interface SourceInfo {
  /** Absolute path. */
  path: string;
  /** Path as shown to people (relative to the folder given on the command line). */
  relPath: string;
  fileName: string;
  kind: KindId | null;
  /** 'utf-8' | 'utf-8-bom' | 'gb18030' | 'xlsx' */
  encoding: string;
  delimiter: string;
  /** 1-based row of the header (0 when none was found). */
  headerRow: number;
  /** Header cells as written in the file. */
  headerCells: string[];
  /** For each header cell, the contract column it maps to, or null (unknown column). */
  mapping: Array<string | null>;
  warnings: string[];
  /** A file-level error (no recognisable header, missing required column): every row is refused with it. */
  error: string | null;
  /** The reader's sniff, reused when the rows are streamed (an .xlsx is not unzipped twice). */
  sniff: SniffResult | null;
}
