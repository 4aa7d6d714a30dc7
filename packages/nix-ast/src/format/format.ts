/**
 * `format`: Nix source → Nix source in RFC 166 style, matching the official `nixfmt` 1.x.
 *
 * The formatter is the parser followed by the printer: there is one layout engine. What nixfmt
 * keeps from the author (comments, blank-line groups, quote style, brackets the author broke
 * open) reaches the printer through the tree: comments and `blankBefore` on the nodes, and the
 * source text itself (via `span`s) for the choices that depend on where the author put line
 * breaks.
 *
 * @module
 */
import type { Expr } from "../ast/nodes.js";
import type { Token } from "../parse/lexer.js";
import { parseWith } from "../parse/driver.js";
import { render } from "../print/render.js";
import { sourceFacts, TokenLog } from "./source-facts.js";
import { applyDirectives, normalizeTrivia } from "./trivia.js";

/** Options of {@link format}. */
export interface FormatOptions {
  /** Target line width, not counting indentation (as nixfmt's `--width`); default 100. */
  readonly width?: number;
  /**
   * Behave like `nixfmt --strict`: ignore the author's line breaks (brackets the author expanded
   * may be collapsed again). Default false, which is nixfmt's default mode.
   */
  readonly strict?: boolean;
  /** Accept the pipe operators `|>` and `<|` (Nix ≥ 2.24); default false. */
  readonly pipes?: boolean;
  /** Columns per indentation level (nixfmt's `--indent`); default 2. */
  readonly indent?: number;
  /** A file name for parse error messages. */
  readonly file?: string;
}

/**
 * Formats Nix source. The result ends with a newline, is a fixed point (`format(format(s)) ===
 * format(s)`) and parses to the same expression as `source`.
 *
 * @throws NixParseError when `source` is not valid Nix (nothing else is thrown for valid input).
 */
export function format(source: string, options: FormatOptions = {}): string {
  const text = formatRegions(source, options, []);
  if (!source.includes("nixfmt:disable")) return text;
  // Kept regions were not laid out by the printer, and strings they cut keep their columns: the
  // code around them may lay out differently once they are there (a comment moving across a
  // directive). The result must be a fixed point; where it is not, every directive becomes a plain
  // comment (rare, and only in files with disabled regions, which alone pay for the check).
  if (formatRegions(text, options, []) === text) return text;
  return formatRegions(source, options, [[0, source.length]]);
}

/**
 * Formats, keeping disabled regions as written where the printer printed exactly their tokens
 * between their directives; otherwise their directives become plain comments and the file is
 * formatted again (each pass makes at least one more region inert, so this ends), so that the
 * output holds no layout that only those directives would explain (a string they cut).
 */
function formatRegions(source: string, options: FormatOptions, inert: [number, number][]): string {
  for (;;) {
    const { text, failed } = formatPass(source, options, inert);
    if (failed.length === 0) return text;
    inert = [...inert, ...failed];
  }
}

function formatPass(source: string, options: FormatOptions, inert: readonly (readonly [number, number])[]): { text: string; failed: [number, number][] } {
  const strict = options.strict === true;
  // The source facts are read from the tokens the parser reads (one lexing pass, not two).
  let tokens = new TokenLog();
  const expr: Expr = parseWith(source, {
    ...(options.file !== undefined ? { file: options.file } : {}),
    pipes: options.pipes ?? false,
    // Duplicate attributes are an evaluation error, not a syntax error: nixfmt formats them.
    duplicates: false,
    // Likewise an integer literal too large for Nix (nixfmt's correct/numbers.nix).
    intRange: false,
    onToken: (t: Token) => {
      normalizeTrivia(t, source, inert);
      tokens.add(t);
    },
    // Input nested too deep for the direct parser is parsed again, its tokens too.
    onRestart: () => {
      tokens = new TokenLog();
    },
  });
  const text = render(
    expr,
    { width: options.width ?? 100, pipes: options.pipes ?? false, indent: options.indent ?? 2 },
    sourceFacts(source, tokens, strict),
  );
  return applyDirectives(text, source);
}
