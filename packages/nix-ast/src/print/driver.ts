/**
 * Runs the printer's tree walk. Its direct twin (`printer.direct.ts` and the twins of the modules
 * with rendering generators, made by scripts/direct-twins.mjs: the same code with plain calls where
 * the sources have generators) goes first: it builds the same document faster. It nests on the JS
 * call stack; a tree nested deeper than the stack allows makes it fail with the engine's stack
 * overflow, which this catches, and then the generator code (`printer.ts`), whose nesting lives on
 * an explicit stack ({@link drive}), builds the document again from the start.
 *
 * Nothing of the failed attempt survives it: the retry has a new printer, the tree is never changed,
 * and the formatter's layout facts build their caches whole before they keep them
 * (format/source-facts.ts). A {@link NixAstError} is the same from both and is not retried, but
 * for one caused by a RangeError (a parse made while printing, which ran out of stack). A number
 * without a literal makes either one signal {@link RESPELL}; the tree is then printed with those
 * numbers spelled out (spelled.ts).
 *
 * @module
 */
import { spanStart, type Binding, type Expr } from "../ast/nodes.js";
import { NixAstError } from "../errors.js";
import { layout, type Doc } from "./doc.js";
import { Printer, type Gen, type PrintContext } from "./printer.js";
import { Printer as DirectPrinter } from "./printer.direct.js";
import { RESPELL, spellEntry, spellNumbers } from "./spelled.js";

/** The direct twin's answer, or the generator code's when the twin fails on anything but bad input. */
function directFirst(direct: () => Doc, generators: () => Gen): Doc {
  try {
    return direct();
  } catch (e) {
    // (A parse made while printing reports a stack overflow as a parse error caused by it.)
    if (e === RESPELL || (e instanceof NixAstError && !(e.cause instanceof RangeError))) throw e;
    return drive(generators());
  }
}

/**
 * `build(tree)`, or, when the printer met a number without a literal, `build` of the tree with
 * such numbers spelled as the expressions their text reads back as (see spelled.ts).
 */
function spelling<T extends Binding | Expr>(tree: T, spell: (t: T) => T, build: (t: T) => Doc): Doc {
  try {
    return build(tree);
  } catch (e) {
    if (e !== RESPELL) throw e;
    return build(spell(tree));
  }
}

/**
 * Builds the document for an expression; deep trees use no more of the JS stack than shallow ones.
 *
 * @throws NixPrintError when the tree cannot be printed faithfully.
 */
export function buildDoc(e: Expr, ctx: PrintContext): Doc {
  const start = e.span === undefined ? -1 : spanStart(e.span);
  return spelling(e, spellNumbers, (t) =>
    directFirst(
      () => new DirectPrinter(ctx, start).top(t) as Doc,
      () => new Printer(ctx, start).top(t),
    ),
  );
}

/**
 * The text of one entry of an expanded set (a binding) or list (an element) as the printer lays it
 * out there, lines after the first indented relative to its start. Since the width does not count
 * indentation, this text is the same at any depth (the value path splices it in, see value.ts).
 */
export function entryText(entry: Binding | Expr, width: number, indent = 2): string {
  const ctx = { pipes: false, width, indent };
  const doc = spelling(entry, spellEntry, (t) =>
    directFirst(
      () => new DirectPrinter(ctx).entry(t) as Doc,
      () => new Printer(ctx).entry(t),
    ),
  );
  return layout(doc, { width, indent }).replace(/^\n+/, "");
}

/** Runs a rendering generator and every one it yields on an explicit stack. */
function drive(root: Gen): Doc {
  const stack: Gen[] = [root];
  let input: Doc | undefined;
  for (;;) {
    const top = stack[stack.length - 1] as Gen;
    const r = top.next(input as Doc);
    if (r.done === true) {
      stack.pop();
      input = r.value;
      if (stack.length === 0) return input;
    } else if (Array.isArray(r.value)) {
      input = r.value;
    } else {
      stack.push(r.value as Gen);
      input = undefined;
    }
  }
}
