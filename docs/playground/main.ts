/**
 * The nix-ast playground: Nix in, formatted Nix out; JSON in, Nix out; the AST of the input with
 * the source span of a selected node marked. Plain DOM; the whole state lives in the URL fragment
 * so that a formatting bug can be reported as a link. Built by `npm run playground` (build.mjs).
 */
import { astToJson, format, NixAstError, NixParseError, parse, printJson } from "nix-ast";

type Mode = "nix" | "json";

/** Everything the page shows follows from this; it round-trips through the URL fragment. */
interface State {
  readonly mode: Mode;
  readonly width: number;
  readonly strict: boolean;
  readonly source: string;
}

const DEFAULT_SOURCE = `{ lib, stdenv, fetchurl }:
stdenv.mkDerivation (finalAttrs: { pname = "hello"; version = "2.12.1";
  src = fetchurl { url = "mirror://gnu/hello/hello-\${finalAttrs.version}.tar.gz"; hash = "sha256-jZkUKv2SV28wsM18tCqNxoCZmLxdYH2Idh9RLibH2yA="; };
  meta = { license = lib.licenses.gpl3Plus; platforms = lib.platforms.all; }; })
`;
const DEFAULT_JSON = `{ "name": "hello", "version": "2.12.1", "outputs": ["out", "man"], "weight": 1.5 }
`;

function $<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`playground: no element #${id}`);
  return el as T;
}

const ui = {
  modeNix: $<HTMLInputElement>("mode-nix"),
  modeJson: $<HTMLInputElement>("mode-json"),
  width: $<HTMLInputElement>("width"),
  strict: $<HTMLInputElement>("strict"),
  input: $<HTMLTextAreaElement>("input"),
  backdrop: $<HTMLDivElement>("backdrop"),
  output: $<HTMLPreElement>("output"),
  error: $<HTMLDivElement>("error"),
  errorText: $<HTMLPreElement>("error-text"),
  astPanel: $<HTMLDetailsElement>("ast-panel"),
  ast: $<HTMLDivElement>("ast"),
  share: $<HTMLButtonElement>("share"),
  status: $<HTMLSpanElement>("status"),
};

// ---------------------------------------------------------------------------------------------
// State ⇄ URL fragment. The source is UTF-8 in URL-safe base64, so any text survives a link.

function encodeSource(s: string): string {
  let bin = "";
  for (const b of new TextEncoder().encode(s)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeSource(s: string): string | undefined {
  try {
    const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

function stateToFragment(st: State): string {
  const p = new URLSearchParams({
    mode: st.mode,
    width: String(st.width),
    strict: st.strict ? "1" : "0",
    src: encodeSource(st.source),
  });
  return `#${p.toString()}`;
}

function stateFromFragment(hash: string): State {
  const p = new URLSearchParams(hash.replace(/^#/, ""));
  const mode: Mode = p.get("mode") === "json" ? "json" : "nix";
  const width = Number(p.get("width"));
  const src = p.get("src");
  return {
    mode,
    width: Number.isInteger(width) && width > 0 ? width : 100,
    strict: p.get("strict") === "1",
    source: (src !== null ? decodeSource(src) : undefined) ?? (mode === "json" ? DEFAULT_JSON : DEFAULT_SOURCE),
  };
}

function readState(): State {
  const width = Number(ui.width.value);
  return {
    mode: ui.modeJson.checked ? "json" : "nix",
    width: Number.isInteger(width) && width > 0 ? width : 100,
    strict: ui.strict.checked,
    source: ui.input.value,
  };
}

function showState(st: State): void {
  ui.modeNix.checked = st.mode === "nix";
  ui.modeJson.checked = st.mode === "json";
  ui.width.value = String(st.width);
  ui.strict.checked = st.strict;
  ui.input.value = st.source;
}

// ---------------------------------------------------------------------------------------------
// The source with one marked range, drawn behind the (transparent) textarea.

function markSource(source: string, range: { start: number; end: number } | undefined): void {
  const b = ui.backdrop;
  b.replaceChildren();
  if (range === undefined) {
    b.append(source, "\n");
    return;
  }
  const start = Math.max(0, Math.min(range.start, source.length));
  const end = Math.max(start, Math.min(range.end, source.length));
  const mark = document.createElement("mark");
  // An empty range (an error at the end of input) still shows one cell.
  mark.textContent = end > start ? source.slice(start, end) : " ";
  b.append(source.slice(0, start), mark, source.slice(end), "\n");
  syncScroll();
  // Bring the marked range into view in the textarea as well.
  const line = source.slice(0, start).split("\n").length - 1;
  const lineHeight = parseFloat(getComputedStyle(ui.input).lineHeight) || 18;
  const top = line * lineHeight;
  if (top < ui.input.scrollTop || top > ui.input.scrollTop + ui.input.clientHeight - lineHeight) {
    ui.input.scrollTop = Math.max(0, top - ui.input.clientHeight / 3);
    syncScroll();
  }
}

function syncScroll(): void {
  ui.backdrop.scrollTop = ui.input.scrollTop;
  ui.backdrop.scrollLeft = ui.input.scrollLeft;
}

// ---------------------------------------------------------------------------------------------
// The AST as collapsible JSON: <details> per object or array, children drawn when first opened.

interface JsonSpan {
  readonly start: { readonly offset: number; readonly line: number; readonly column: number };
  readonly end: { readonly offset: number; readonly line: number; readonly column: number };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function spanOf(v: Record<string, unknown>): JsonSpan | undefined {
  const s = v["span"];
  return isRecord(s) && isRecord(s["start"]) && isRecord(s["end"]) ? (s as unknown as JsonSpan) : undefined;
}

function leaf(key: string, value: unknown): HTMLElement {
  const row = document.createElement("div");
  row.className = "leaf";
  const k = document.createElement("span");
  k.className = "key";
  k.textContent = `${key}: `;
  const v = document.createElement("span");
  v.className = `val ${value === null ? "null" : typeof value}`;
  v.textContent = JSON.stringify(value);
  row.append(k, v);
  return row;
}

function branch(key: string, value: Record<string, unknown> | unknown[], open: boolean): HTMLElement {
  const d = document.createElement("details");
  d.open = open;
  const summary = document.createElement("summary");
  const k = document.createElement("span");
  k.className = "key";
  k.textContent = key === "" ? "" : `${key}: `;
  summary.append(k);
  if (Array.isArray(value)) {
    summary.append(`[${value.length}]`);
  } else {
    const type = value["type"];
    const span = spanOf(value);
    if (typeof type === "string") {
      const t = document.createElement("span");
      t.className = "node-type";
      t.textContent = type;
      summary.append(t);
    } else summary.append("{…}");
    if (span !== undefined) {
      const where = document.createElement("span");
      where.className = "where";
      where.textContent = ` ${span.start.line}:${span.start.column}–${span.end.line}:${span.end.column}`;
      summary.append(where);
      summary.dataset["start"] = String(span.start.offset);
      summary.dataset["end"] = String(span.end.offset);
      summary.classList.add("has-span");
    }
  }
  d.append(summary);
  const fill = (): void => {
    if (d.dataset["filled"] === "1") return;
    d.dataset["filled"] = "1";
    const body = document.createElement("div");
    body.className = "children";
    const entries: [string, unknown][] = Array.isArray(value)
      ? value.map((v, i) => [String(i), v])
      : Object.entries(value).filter(([name]) => name !== "span");
    for (const [name, v] of entries) {
      body.append(typeof v === "object" && v !== null ? branch(name, v as Record<string, unknown>, false) : leaf(name, v));
    }
    d.append(body);
  };
  if (open) fill();
  else d.addEventListener("toggle", fill, { once: true });
  return d;
}

let astShownFor: string | undefined;

function showAst(source: string): void {
  if (!ui.astPanel.open || readState().mode !== "nix") return;
  if (astShownFor === source) return;
  astShownFor = source;
  ui.ast.replaceChildren();
  try {
    const tree = astToJson(parse(source));
    ui.ast.append(branch("", tree as Record<string, unknown>, true));
  } catch (e) {
    ui.ast.textContent = e instanceof NixAstError ? "(no tree: the input does not parse)" : String(e);
  }
}

// Selecting a node (focus by keyboard or click) marks its span in the source.
ui.ast.addEventListener("focusin", (ev) => {
  const s = (ev.target as HTMLElement).closest<HTMLElement>("summary.has-span");
  if (s === null) return;
  for (const old of ui.ast.querySelectorAll(".selected")) old.classList.remove("selected");
  s.classList.add("selected");
  markSource(ui.input.value, { start: Number(s.dataset["start"]), end: Number(s.dataset["end"]) });
});

// ---------------------------------------------------------------------------------------------
// Running: format or convert, show output or a located error.

function showError(message: string, at: { line: number; column: number; offset: number } | undefined): void {
  ui.error.hidden = false;
  ui.errorText.textContent = message;
  if (at !== undefined) {
    ui.error.dataset["line"] = String(at.line);
    ui.error.dataset["column"] = String(at.column);
  } else {
    delete ui.error.dataset["line"];
    delete ui.error.dataset["column"];
  }
  ui.output.textContent = "";
  ui.output.dataset["state"] = "error";
}

function run(): void {
  const st = readState();
  history.replaceState(null, "", stateToFragment(st));
  ui.strict.disabled = st.mode !== "nix";
  ui.astPanel.hidden = st.mode !== "nix";
  ui.error.hidden = true;
  let range: { start: number; end: number } | undefined;
  const t0 = performance.now();
  try {
    ui.output.textContent =
      st.mode === "nix"
        ? format(st.source, { width: st.width, strict: st.strict })
        : printJson(st.source, { width: st.width });
    ui.output.dataset["state"] = "ok";
    ui.status.textContent = `${st.mode === "nix" ? "formatted" : "converted"} in ${(performance.now() - t0).toFixed(1)} ms`;
  } catch (e) {
    if (e instanceof NixParseError) {
      showError(e.message, e);
      range = { start: e.offset, end: e.offset + 1 };
    } else if (e instanceof NixAstError) {
      showError(e.message, undefined);
    } else {
      showError(`internal error: ${String(e)}`, undefined);
    }
    ui.status.textContent = "error";
  }
  markSource(st.source, range);
  showAst(st.source);
}

for (const el of [ui.input, ui.width, ui.strict, ui.modeNix, ui.modeJson]) el.addEventListener("input", run);
ui.modeNix.addEventListener("change", () => switchMode("nix"));
ui.modeJson.addEventListener("change", () => switchMode("json"));
ui.astPanel.addEventListener("toggle", () => showAst(ui.input.value));
ui.input.addEventListener("scroll", syncScroll);
ui.share.addEventListener("click", () => {
  const url = location.href;
  navigator.clipboard?.writeText(url).then(
    () => (ui.status.textContent = "link copied"),
    () => (ui.status.textContent = url),
  );
});
window.addEventListener("hashchange", () => {
  showState(stateFromFragment(location.hash));
  run();
});

/** Switching mode keeps the text if the user wrote some, else shows that mode's example. */
function switchMode(mode: Mode): void {
  const src = ui.input.value;
  if (src === DEFAULT_SOURCE || src === DEFAULT_JSON || src.trim() === "") {
    ui.input.value = mode === "json" ? DEFAULT_JSON : DEFAULT_SOURCE;
  }
  run();
}

showState(stateFromFragment(location.hash));
run();
