/**
 * The zod schema of the AST as JSON (see `docs/ast.md`). The table {@link nodeSchemas} has one entry
 * per node kind and is typed against the node interfaces, so a kind added to `nodes.ts` without a
 * schema, or a schema that disagrees with its interface, is a compile error.
 *
 * JSON has no bigint: an `Int` value is a JSON integer (within ±2^53) or a decimal string.
 *
 * @module
 */
import { z } from "zod";
import { NixSchemaError, jsonPath } from "../errors.js";
import { INT64_MAX, INT64_MIN, isIdentifier, isPathShape, isSearchPath, isUri } from "./lexical.js";
import type { AttrName, Binding, Comment, Expr, Formal, NodeKind, NodeOf, StrPart } from "./nodes.js";
import { BINARY_OPS, NODE_KINDS } from "./nodes.js";

const commentSchema: z.ZodType<Comment> = z.strictObject({
  kind: z.enum(["line", "block", "doc"]),
  text: z.string(),
});

const position = z.strictObject({ line: z.number().int(), column: z.number().int(), offset: z.number().int() });
const span = z.strictObject({ start: position, end: position, file: z.string().optional() });

const base = {
  comments: z.array(commentSchema).optional(),
  trailing: commentSchema.optional(),
  span: span.optional(),
  blankBefore: z.boolean().optional(),
};

const noNul = z.string().refine((s) => !s.includes("\0"), "NUL cannot appear in Nix text");
const identifier = z.string().refine(isIdentifier, "not a Nix identifier (or a keyword)");

const expr: z.ZodType<Expr> = z.lazy(() =>
  z.discriminatedUnion(
    "type",
    NODE_KINDS.map((k) => nodeSchemas[k]) as unknown as [z.ZodObject, ...z.ZodObject[]],
  ),
) as unknown as z.ZodType<Expr>;

const strPart: z.ZodType<StrPart> = z.union([noNul, expr]);
const attrNameSchema: z.ZodType<AttrName> = z.union([noNul, expr]);
const attrPath = z.array(attrNameSchema).min(1) as unknown as z.ZodType<[AttrName, ...AttrName[]]>;

/** One entry per interpolation: the comments before its `}`, or null. */
const interpolationComments = z.array(z.array(commentSchema).min(1).nullable()).optional();
/** The check that `interpolationComments` has one entry per interpolation of `parts`. */
const onePerInterpolation: [
  (n: { readonly parts: readonly StrPart[]; readonly interpolationComments?: readonly unknown[] | undefined }) => boolean,
  { message: string; path: string[] },
] = [
  (n) => n.interpolationComments === undefined || n.interpolationComments.length === n.parts.filter((p) => typeof p !== "string").length,
  { message: "interpolationComments needs one entry per interpolation", path: ["interpolationComments"] },
];
/** The check that `pathComments` has one entry per name of `path`. */
const onePerName: [
  (n: { readonly path: readonly AttrName[]; readonly pathComments?: readonly unknown[] | undefined }) => boolean,
  { message: string; path: string[] },
] = [
  (n) => n.pathComments === undefined || n.pathComments.length === n.path.length,
  { message: "pathComments needs one entry per name of path", path: ["pathComments"] },
];

const binding: z.ZodType<Binding> = z.discriminatedUnion("type", [
  z
    .strictObject({
      type: z.literal("Assign"),
      path: attrPath,
      pathComments: interpolationComments,
      value: expr,
      beforeSemicolon: z.array(commentSchema).min(1).optional(),
      ...base,
    })
    .refine(...onePerName),
  z
    .strictObject({
      type: z.literal("Inherit"),
      from: expr.optional(),
      names: z.array(noNul).min(1),
      gaps: z
        .array(
          z.strictObject({
            trailing: commentSchema.optional(),
            comments: z.array(commentSchema).optional(),
            blankBefore: z.boolean().optional(),
          }),
        )
        .optional(),
      ...base,
    })
    .refine((b) => b.gaps === undefined || b.gaps.length === b.names.length + 1, {
      message: "one gap before each name and one before the `;`",
      path: ["gaps"],
    }),
]) as unknown as z.ZodType<Binding>;

const formal: z.ZodType<Formal> = z.strictObject({
  name: identifier,
  default: expr.optional(),
  comments: z.array(commentSchema).optional(),
  span: span.optional(),
});

const intValue = z
  .union([z.number().int(), z.string().regex(/^-?[0-9]+$/, "an integer in decimal")])
  .transform((v, ctx) => {
    if (typeof v === "number" && !Number.isSafeInteger(v)) {
      ctx.addIssue({ code: "custom", message: "integers beyond 2^53 must be given as decimal strings" });
      return z.NEVER;
    }
    const b = BigInt(v);
    if (b > INT64_MAX || b < INT64_MIN) {
      ctx.addIssue({ code: "custom", message: `${b} does not fit in a 64-bit Nix integer` });
      return z.NEVER;
    }
    return b;
  });

const node = <K extends NodeKind, S extends z.ZodRawShape>(type: K, shape: S) =>
  z.strictObject({ type: z.literal(type), ...shape, ...base });

/** One schema per node kind; the mapped type makes every kind mandatory. */
export const nodeSchemas: { readonly [K in NodeKind]: z.ZodType<NodeOf<K>> } = {
  Int: node("Int", { value: intValue }) as unknown as z.ZodType<NodeOf<"Int">>,
  Float: node("Float", { value: z.number().refine(Number.isFinite, "a float must be finite") }),
  Str: node("Str", { parts: z.array(strPart), interpolationComments }).refine(...onePerInterpolation),
  IndStr: node("IndStr", { parts: z.array(strPart), interpolationComments }).refine(...onePerInterpolation),
  Path: node("Path", {
    parts: z.array(strPart).min(1),
    interpolationComments,
  })
    .refine(
      (p) => isPathShape(p.parts),
      { message: "not a valid path literal", path: ["parts"] },
    )
    .refine(...onePerInterpolation),
  SearchPath: node("SearchPath", { path: z.string().refine(isSearchPath, "not a valid search path") }),
  Uri: node("Uri", { value: z.string().refine(isUri, "not a valid URI literal") }),
  Var: node("Var", { name: identifier }),
  CurPos: node("CurPos", {}),
  Attrs: node("Attrs", { rec: z.boolean(), bindings: z.array(binding) }),
  List: node("List", { items: z.array(expr) }),
  Let: node("Let", { bindings: z.array(binding), body: expr }),
  LegacyLet: node("LegacyLet", { bindings: z.array(binding) }),
  With: node("With", { env: expr, body: expr }),
  Assert: node("Assert", { cond: expr, body: expr }),
  If: node("If", { cond: expr, then: expr, else: expr }),
  Lambda: node("Lambda", {
    param: z.discriminatedUnion("type", [
      z.strictObject({ type: z.literal("IdentParam"), name: identifier }),
      z
        .strictObject({
          type: z.literal("FormalsParam"),
          formals: z.array(formal),
          ellipsis: z.boolean(),
          ellipsisComments: z.array(commentSchema).min(1).optional(),
          ellipsisTrailing: commentSchema.optional(),
          bind: z.strictObject({ name: identifier, position: z.enum(["before", "after"]) }).optional(),
        })
        .refine((p) => p.ellipsisComments === undefined || p.ellipsis, {
          message: "ellipsisComments needs ellipsis: true",
          path: ["ellipsisComments"],
        }),
    ]),
    body: expr,
  }),
  Apply: node("Apply", { fn: expr, arg: expr }),
  Select: node("Select", { expr, path: attrPath, pathComments: interpolationComments, default: expr.optional() }).refine(...onePerName),
  HasAttr: node("HasAttr", { expr, path: attrPath, pathComments: interpolationComments }).refine(...onePerName),
  Unary: node("Unary", { op: z.enum(["-", "!"]), expr }),
  Binary: node("Binary", { op: z.enum(BINARY_OPS), left: expr, right: expr }),
  Paren: node("Paren", { expr, beforeClose: z.array(commentSchema).min(1).optional() }),
};

/** The schema of any expression. */
export const exprSchema: z.ZodType<Expr> = expr;

/** Renders a zod issue path as a JSON path (`$.body.bindings[0].value`). */
export function issuePath(path: readonly PropertyKey[]): string {
  return jsonPath(path.map((s) => (typeof s === "number" ? s : String(s))));
}

/**
 * Parses an AST from JSON-like data, throwing {@link NixSchemaError} whose issues name JSON paths.
 * Attribute names that are not bare identifiers are accepted (they print quoted).
 */
export function astFromJson(data: unknown): Expr {
  const r = exprSchema.safeParse(data);
  if (r.success) return r.data;
  throw new NixSchemaError(r.error.issues.map((i) => ({ path: issuePath(i.path), message: i.message })));
}

/**
 * The AST as JSON text: bigints become numbers when safe, else decimal strings; `undefined` fields
 * are left out. Iterative, so a tree nested 100,000 deep serialises without a stack overflow
 * (`JSON.stringify` recurses). `indent` pretty-prints like `JSON.stringify(v, null, indent)`.
 */
export function astToJsonText(e: Expr, indent = 0): string {
  const pad = (depth: number) => (indent > 0 ? "\n" + " ".repeat(indent * depth) : "");
  const colon = indent > 0 ? ": " : ":";
  let out = "";
  // Work items: a value to write at a depth, or literal text to emit.
  const work: ({ v: unknown; d: number } | string)[] = [{ v: e, d: 0 }];
  while (work.length > 0) {
    const item = work.pop()!;
    if (typeof item === "string") {
      out += item;
      continue;
    }
    const { d } = item;
    // Objects that define their JSON form (such as lazily computed spans) are asked for it.
    const v =
      typeof item.v === "object" && item.v !== null && typeof (item.v as { toJSON?: unknown }).toJSON === "function"
        ? (item.v as { toJSON: () => unknown }).toJSON()
        : item.v;
    if (typeof v === "bigint") {
      out += v >= -(2n ** 53n) + 1n && v <= 2n ** 53n - 1n ? v.toString() : JSON.stringify(v.toString());
    } else if (v === null || typeof v !== "object") {
      out += JSON.stringify(v) ?? "null";
    } else if (Array.isArray(v)) {
      if (v.length === 0) {
        out += "[]";
        continue;
      }
      out += "[";
      work.push(pad(d) + "]");
      for (let i = v.length - 1; i >= 0; i--) {
        work.push({ v: v[i] === undefined ? null : v[i], d: d + 1 });
        work.push((i > 0 ? "," : "") + pad(d + 1));
      }
    } else {
      const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
      if (entries.length === 0) {
        out += "{}";
        continue;
      }
      out += "{";
      work.push(pad(d) + "}");
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, x] = entries[i]!;
        work.push({ v: x, d: d + 1 });
        work.push((i > 0 ? "," : "") + pad(d + 1) + JSON.stringify(k) + colon);
      }
    }
  }
  return out;
}

/** The AST as a JSON-compatible value (see {@link astToJsonText}). */
export function astToJson(e: Expr): unknown {
  return JSON.parse(astToJsonText(e)) as unknown;
}
