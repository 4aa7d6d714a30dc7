/**
 * A Prettier 3 plugin for `.nix` files, backed by {@link format}:
 *
 *   prettier --plugin nix-ast/prettier --write '**\/*.nix'
 *
 * Prettier's `printWidth` is the formatter's width, its `tabWidth` the indentation. The plugin does not import Prettier: it
 * declares the structural shapes Prettier's plugin API expects, so nix-ast keeps no dependency on
 * it. The parser keeps the source; the printer returns the formatted text as one string (a
 * string with newlines is a valid Prettier document: nothing around it is left to break).
 *
 * @module
 */
import { format } from "../format/index.js";
import { NixParseError } from "../parse/index.js";

/** The root node handed from the parser to the printer: the source and its formatted text. */
export interface NixPrettierRoot {
  readonly type: "NixSource";
  readonly text: string;
  readonly formatted: string;
  readonly start: number;
  readonly end: number;
}

/** The options of Prettier's that the plugin reads. */
interface PrettierOptions {
  readonly printWidth?: number;
  readonly tabWidth?: number;
  readonly filepath?: string;
}

/** Prettier's path object, as far as the printer uses it. */
interface AstPath {
  readonly node: NixPrettierRoot;
}

/** An error shaped as Prettier reports parse errors (`loc` gives the code frame). */
class NixPrettierSyntaxError extends SyntaxError {
  readonly loc: { readonly start: { readonly line: number; readonly column: number } };
  override readonly cause: NixParseError;
  constructor(e: NixParseError) {
    super(`${e.reason} (${e.line}:${e.column})`);
    this.loc = { start: { line: e.line, column: e.column } };
    this.cause = e;
  }
}

/** The languages the plugin handles (Prettier infers the parser from the file extension). */
export const languages = [
  {
    name: "Nix",
    parsers: ["nix"],
    extensions: [".nix"],
    tmScope: "source.nix",
    aceMode: "nix",
    linguistLanguageId: 252,
    vscodeLanguageIds: ["nix"],
  },
];

/**
 * The `nix` parser. It formats right away: parse errors must come from the parser for Prettier
 * to show them with a code frame (they carry `loc`), and formatting is parse-then-print anyway.
 */
export const parsers = {
  nix: {
    astFormat: "nix-ast",
    parse(text: string, options: PrettierOptions = {}): NixPrettierRoot {
      let formatted: string;
      try {
        formatted = format(text, {
          width: options.printWidth ?? 100,
          indent: options.tabWidth ?? 2,
          ...(options.filepath !== undefined ? { file: options.filepath } : {}),
        });
      } catch (e) {
        if (e instanceof NixParseError) throw new NixPrettierSyntaxError(e);
        throw e;
      }
      return { type: "NixSource", text, formatted, start: 0, end: text.length };
    },
    locStart: (node: NixPrettierRoot): number => node.start,
    locEnd: (node: NixPrettierRoot): number => node.end,
  },
};

/** The `nix-ast` printer: the text {@link format} made at Prettier's `printWidth`. */
export const printers = {
  "nix-ast": {
    print(path: AstPath): string {
      return path.node.formatted;
    },
  },
};

/** Prettier's defaults for Nix: nixfmt's width of 100 rather than Prettier's 80. */
export const options = {};
export const defaultOptions = { printWidth: 100, tabWidth: 2, useTabs: false };

/** The plugin object, for `plugins: [nixPlugin]` in Prettier's API. */
const plugin = { languages, parsers, printers, options, defaultOptions };
export default plugin;
