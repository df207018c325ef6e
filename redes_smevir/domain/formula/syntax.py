"""Formula syntax: tokenizer, parser and the public syntax tree (AST) the compiler and pushdown walk.

Grammar (EBNF, keywords and function names case-insensitive)::

	formula    = expr ;
	expr       = or_expr ;
	or_expr    = and_expr { "O" and_expr } ;
	and_expr   = not_expr { "Y" not_expr } ;
	not_expr   = "NO" not_expr | comparison ;
	comparison = additive [ ( "=" | "<>" | "!=" | ">" | ">=" | "<" | "<=" ) additive ] ;
	additive   = term { ( "+" | "-" ) term } ;
	term       = unary { ( "*" | "/" ) unary } ;
	unary      = ( "-" | "+" ) unary | primary ;
	primary    = number | string | call | field | "(" expr ")" ;
	call       = name "(" [ expr { "," expr } ] ")" ;
	field      = ( letter | "_" ) { letter | digit | "_" } ;   (* fieldname, matched case-insensitively *)
	number     = digit { digit } [ "." digit { digit } ] | "." digit { digit } ;
	string     = '"' { char } '"' | "'" { char } "'" ;
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from redes_smevir.domain.formula import errors
from redes_smevir.domain.formula.errors import FormulaError
from redes_smevir.domain.formula.language import COMPARISON_OPS, KEYWORDS, MAX_DEPTH, QUOTES

# --------------------------------------------------------------------------- lexer


@dataclass(frozen=True)
class Token:
	kind: str  # num, str, name, kw, op, "(", ")", ",", end
	value: Any
	pos: int
	text: str


def tokenize(src: str) -> list[Token]:
	tokens: list[Token] = []
	i, n = 0, len(src)
	while i < n:
		ch = src[i]
		if ch.isspace():
			i += 1
			continue
		start = i
		if ch.isdigit() or (ch == "." and i + 1 < n and src[i + 1].isdigit()):
			while i < n and src[i].isdigit():
				i += 1
			is_float = False
			if i + 1 < n and src[i] == "." and src[i + 1].isdigit():
				is_float = True
				i += 1
				while i < n and src[i].isdigit():
					i += 1
			text = src[start:i]
			tokens.append(Token("num", float(text) if is_float else int(text), start, text))
			continue
		if ch.isalpha() or ch == "_":
			while i < n and (src[i].isalnum() or src[i] == "_"):
				i += 1
			text = src[start:i]
			if text.upper() in KEYWORDS:
				tokens.append(Token("kw", text.upper(), start, text))
			else:
				tokens.append(Token("name", text, start, text))
			continue
		if ch in QUOTES:
			close = QUOTES[ch]
			end = src.find(close, i + 1)
			if end < 0:
				raise FormulaError(errors.SYNTAX_UNCLOSED_TEXT, start, quote=ch)
			tokens.append(Token("str", src[i + 1 : end], start, src[start : end + 1]))
			i = end + 1
			continue
		two = src[i : i + 2]
		if two in ("<>", "!=", ">=", "<=", "=="):
			tokens.append(Token("op", "=" if two == "==" else two, start, two))
			i += 2
			continue
		if ch in "+-*/=<>":
			tokens.append(Token("op", ch, start, ch))
			i += 1
			continue
		if ch in "(),":
			tokens.append(Token(ch, ch, start, ch))
			i += 1
			continue
		raise FormulaError(errors.BAD_CHARACTER, start, char=ch)
	tokens.append(Token("end", None, n, ""))
	return tokens


# --------------------------------------------------------------------------- parser (AST)


@dataclass(frozen=True)
class Num:
	value: int | float
	pos: int


@dataclass(frozen=True)
class Str:
	value: str
	pos: int


@dataclass(frozen=True)
class Name:
	name: str
	pos: int


@dataclass(frozen=True)
class Unary:
	op: str
	operand: Any
	pos: int


@dataclass(frozen=True)
class Binary:
	op: str
	left: Any
	right: Any
	pos: int


@dataclass(frozen=True)
class Call:
	name: str
	args: tuple
	pos: int
	end: int


class Parser:
	def __init__(self, tokens: list[Token]):
		self.tokens = tokens
		self.i = 0
		self.depth = 0

	def peek(self, ahead: int = 0) -> Token:
		return self.tokens[min(self.i + ahead, len(self.tokens) - 1)]

	def take(self) -> Token:
		tok = self.tokens[self.i]
		if tok.kind != "end":
			self.i += 1
		return tok

	def is_kw(self, word: str) -> bool:
		tok = self.peek()
		return tok.kind == "kw" and tok.value == word

	def is_op(self, *ops: str) -> bool:
		tok = self.peek()
		return tok.kind == "op" and tok.value in ops

	def enter(self, pos: int) -> None:
		self.depth += 1
		if self.depth > MAX_DEPTH:
			raise FormulaError(errors.TOO_DEEP, pos)

	def parse(self) -> Any:
		if self.peek().kind == "end":
			raise FormulaError(errors.EMPTY, 0)
		node = self.expr()
		tok = self.peek()
		if tok.kind != "end":
			if tok.kind == "," and self.peek(-1).kind == "num" and self.peek(1).kind == "num":
				raise FormulaError(errors.SYNTAX_DECIMAL_COMMA, tok.pos)
			raise FormulaError(errors.SYNTAX_UNEXPECTED, tok.pos, text=tok.text)
		return node

	def expr(self) -> Any:
		self.enter(self.peek().pos)
		node = self.or_expr()
		self.depth -= 1
		return node

	def or_expr(self) -> Any:
		node = self.and_expr()
		while self.is_kw("O"):
			tok = self.take()
			node = Binary("O", node, self.and_expr(), tok.pos)
		return node

	def and_expr(self) -> Any:
		node = self.not_expr()
		while self.is_kw("Y"):
			tok = self.take()
			node = Binary("Y", node, self.not_expr(), tok.pos)
		return node

	def not_expr(self) -> Any:
		if self.is_kw("NO"):
			tok = self.take()
			self.enter(tok.pos)
			node = Unary("NO", self.not_expr(), tok.pos)
			self.depth -= 1
			return node
		return self.comparison()

	def comparison(self) -> Any:
		node = self.additive()
		if self.is_op(*COMPARISON_OPS):
			tok = self.take()
			op = "<>" if tok.value == "!=" else tok.value
			node = Binary(op, node, self.additive(), tok.pos)
			if self.is_op(*COMPARISON_OPS):
				nxt = self.peek()
				raise FormulaError(errors.SYNTAX_CHAINED_COMPARISON, nxt.pos)
		return node

	def additive(self) -> Any:
		node = self.term()
		while self.is_op("+", "-"):
			tok = self.take()
			node = Binary(tok.value, node, self.term(), tok.pos)
		return node

	def term(self) -> Any:
		node = self.unary()
		while self.is_op("*", "/"):
			tok = self.take()
			node = Binary(tok.value, node, self.unary(), tok.pos)
		return node

	def unary(self) -> Any:
		if self.is_op("-", "+"):
			tok = self.take()
			self.enter(tok.pos)
			operand = self.unary()
			self.depth -= 1
			return operand if tok.value == "+" else Unary("-", operand, tok.pos)
		return self.primary()

	def primary(self) -> Any:
		tok = self.take()
		if tok.kind == "num":
			return Num(tok.value, tok.pos)
		if tok.kind == "str":
			return Str(tok.value, tok.pos)
		if tok.kind == "(":
			node = self.expr()
			self.expect_close()
			return node
		if tok.kind == "name":
			if self.peek().kind == "(":
				return self.call(tok)
			return Name(tok.text, tok.pos)
		if tok.kind == "end":
			raise FormulaError(errors.SYNTAX_INCOMPLETE, tok.pos)
		if tok.kind == "kw":
			raise FormulaError(errors.SYNTAX_LOGICAL_OPERATOR, tok.pos, text=tok.text)
		raise FormulaError(errors.SYNTAX_EXPECTED_OPERAND, tok.pos, text=tok.text)

	def call(self, name_tok: Token) -> Call:
		self.take()  # "("
		args: list[Any] = []
		if self.peek().kind != ")":
			args.append(self.expr())
			while self.peek().kind == ",":
				self.take()
				args.append(self.expr())
		end = self.expect_close()
		return Call(name_tok.text.upper(), tuple(args), name_tok.pos, end)

	def expect_close(self) -> int:
		tok = self.peek()
		if tok.kind != ")":
			raise FormulaError(errors.SYNTAX_EXPECTED_CLOSE, tok.pos)
		self.take()
		return tok.pos


def parse_tree(text: str) -> Any:
	"""Syntax tree of ``text`` (no type checking); raises FormulaError (a code, see .errors)."""
	return Parser(tokenize(text)).parse()
