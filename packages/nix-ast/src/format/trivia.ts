/**
 * Trivia as nixfmt reads it, applied to the lexer's tokens before the parser attaches comments:
 * empty block comments (`/**\/`, `/* *\/`) are dropped (nixfmt's `Lexer.hs`: a block comment with
 * no lines becomes no trivia), keeping the line breaks around them.
 *
 * @module
 */
import type { RawComment, Token } from "../parse/lexer.js";

/** Drops the token's empty block comments, in place (the token is the lexer's, not yet read). */
export function normalizeTrivia(t: Token): void {
  const cs = t.c;
  if (cs === null) return;
  let empty = false;
  for (const c of cs) if (c.kind === "block" && c.text.trim() === "") empty = true;
  if (!empty) return;
  const out: RawComment[] = [];
  // What a dropped comment leaves: its line breaks and blank line, carried to what follows.
  let nl = 0;
  let blank = false;
  for (const c of cs) {
    if (c.kind === "block" && c.text.trim() === "") {
      nl += c.nl;
      blank ||= c.blank;
      continue;
    }
    out.push(nl === 0 && !blank ? c : { ...c, nl: c.nl + nl, blank: c.blank || blank });
    nl = 0;
    blank = false;
  }
  t.c = out.length === 0 ? null : out;
  if (blank) t.blank = true;
}
