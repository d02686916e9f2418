//===- LlccParser.g4 - Statement and expression syntax ------------------===//
//
// Python 3's statement and expression grammar (after the reference grammar
// of Python 3.8), accepted in full so that valid Python that llcc does not
// compile (class, with, try, lambda, comprehensions, ...) parses and is
// reported by name rather than as a syntax error. Binary operators are
// written as loops (`a (op a)*`), so a long flat expression does not make
// the parser recurse; AstBuilder folds them left to right.
//
// INDENT, DEDENT and NEWLINE come from llcc::LayoutLexer (frontend/Lexer.cpp).
//
//===----------------------------------------------------------------------===//
parser grammar LlccParser;

options { tokenVocab = LlccLexer; }

file_input : (NEWLINE | stmt)* EOF;

//===--- Statements -------------------------------------------------------===//

stmt : simple_stmts | compound_stmt | stray_indent;

// A block indented for no reason; AstBuilder reports "unexpected indent".
// Accepting it here keeps the parser in step with the DEDENT that follows.
stray_indent : INDENT stmt+ DEDENT;

simple_stmts : simple_stmt (SEMI simple_stmt)* SEMI? NEWLINE;

simple_stmt
  : expr_stmt
  | pass_stmt
  | break_stmt
  | continue_stmt
  | return_stmt
  | import_stmt
  | other_simple_stmt
  ;

// `x = y = e`, `a, b = b, a`, `x += e`, `x: float = e`, `f(x)`.
expr_stmt
  : testlist_star_expr
    ( annassign
    | augassign (yield_expr | testlist)
    | (ASSIGN (yield_expr | testlist_star_expr))*
    )
  ;
annassign : COLON test (ASSIGN (yield_expr | testlist_star_expr))?;
augassign
  : ADD_ASSIGN | SUB_ASSIGN | MULT_ASSIGN | AT_ASSIGN | DIV_ASSIGN | MOD_ASSIGN
  | AND_ASSIGN | OR_ASSIGN | XOR_ASSIGN | LSHIFT_ASSIGN | RSHIFT_ASSIGN
  | POWER_ASSIGN | IDIV_ASSIGN
  ;

pass_stmt     : PASS;
break_stmt    : BREAK;
continue_stmt : CONTINUE;
return_stmt   : RETURN testlist_star_expr?;

// Valid Python that llcc does not compile.
other_simple_stmt
  : DEL exprlist                        # delStmt
  | GLOBAL NAME (COMMA NAME)*           # globalStmt
  | NONLOCAL NAME (COMMA NAME)*         # nonlocalStmt
  | ASSERT test (COMMA test)?           # assertStmt
  | RAISE (test (FROM test)?)?          # raiseStmt
  | yield_expr                          # yieldStmt
  ;

import_stmt : import_name | import_from;
import_name : IMPORT dotted_as_name (COMMA dotted_as_name)*;
import_from
  : FROM ((DOT | ELLIPSIS)* dotted_name | (DOT | ELLIPSIS)+) IMPORT
    ( STAR
    | OPEN_PAREN import_as_names CLOSE_PAREN
    | import_as_names
    )
  ;
import_as_name  : NAME (AS NAME)?;
dotted_as_name  : dotted_name (AS NAME)?;
import_as_names : import_as_name (COMMA import_as_name)* COMMA?;
dotted_name     : NAME (DOT NAME)*;

compound_stmt
  : if_stmt
  | while_stmt
  | for_stmt
  | funcdef
  | decorated
  | try_stmt
  | with_stmt
  | classdef
  | async_stmt
  ;

if_stmt
  : IF namedexpr_test COLON suite
    (ELIF namedexpr_test COLON suite)*
    (ELSE COLON suite)?
  ;
while_stmt : WHILE namedexpr_test COLON suite (ELSE COLON suite)?;
for_stmt   : FOR exprlist IN testlist COLON suite (ELSE COLON suite)?;
try_stmt
  : TRY COLON suite
    ( (except_clause COLON suite)+ (ELSE COLON suite)? (FINALLY COLON suite)?
    | FINALLY COLON suite
    )
  ;
except_clause : EXCEPT (test (AS NAME)?)?;
with_stmt     : WITH with_item (COMMA with_item)* COLON suite;
with_item     : test (AS expr)?;
classdef      : CLASS NAME (OPEN_PAREN arglist? CLOSE_PAREN)? COLON suite;
async_stmt    : ASYNC (funcdef | with_stmt | for_stmt);

suite : simple_stmts | NEWLINE INDENT stmt+ DEDENT;

decorator : AT dotted_name (OPEN_PAREN arglist? CLOSE_PAREN)? NEWLINE;
decorated : decorator+ (funcdef | classdef | async_stmt);

funcdef    : DEF NAME parameters (ARROW test)? COLON suite;
parameters : OPEN_PAREN (param (COMMA param)* COMMA?)? CLOSE_PAREN;
// `x`, `x: float`, `x=1.0`; the rest is parsed to be refused by name.
param
  : NAME (COLON test)? (ASSIGN test)?   # plainParam
  | STAR (NAME (COLON test)?)?          # starParam
  | POWER NAME (COLON test)?            # kwargsParam
  | DIV                                 # slashParam
  ;

//===--- Expressions, loosest binding first ---------------------------------===//

namedexpr_test : test (WALRUS test)?;

test
  : or_test (IF or_test ELSE test)?
  | lambdef
  ;
lambdef       : LAMBDA (lambda_param (COMMA lambda_param)* COMMA?)? COLON test;
lambda_param  : NAME (ASSIGN test)? | STAR NAME? | POWER NAME;

or_test    : and_test (OR and_test)*;
and_test   : not_test (AND not_test)*;
not_test   : NOT not_test | comparison;
comparison : expr (comp_op expr)*;
comp_op    : LT | GT | EQ | GE | LE | NE | IN | NOT IN | IS | IS NOT;
star_expr  : STAR expr;
expr       : xor_expr (OR_OP xor_expr)*;
xor_expr   : and_expr (XOR and_expr)*;
and_expr   : shift_expr (AND_OP shift_expr)*;
shift_expr : arith_expr ((LEFT_SHIFT | RIGHT_SHIFT) arith_expr)*;
arith_expr : term ((ADD | MINUS) term)*;
term       : factor ((STAR | AT | DIV | MOD | IDIV) factor)*;
factor     : (ADD | MINUS | NOT_OP) factor | power;
power      : atom_expr (POWER factor)?;
atom_expr  : AWAIT? atom trailer*;

atom
  : OPEN_PAREN (yield_expr | testlist_comp)? CLOSE_PAREN    # parenAtom
  | OPEN_BRACK testlist_comp? CLOSE_BRACK                   # listAtom
  | OPEN_BRACE dictorsetmaker? CLOSE_BRACE                  # braceAtom
  | NAME                                                    # nameAtom
  | number                                                  # numberAtom
  | STRING+                                                 # stringAtom
  | ELLIPSIS                                                # ellipsisAtom
  | NONE                                                    # noneAtom
  | TRUE                                                    # trueAtom
  | FALSE                                                   # falseAtom
  ;
number
  : DECIMAL_INTEGER | OCT_INTEGER | HEX_INTEGER | BIN_INTEGER
  | FLOAT_NUMBER | IMAG_NUMBER
  ;

testlist_comp
  : (namedexpr_test | star_expr)
    ( comp_for | (COMMA (namedexpr_test | star_expr))* COMMA? )
  ;
trailer
  : OPEN_PAREN arglist? CLOSE_PAREN   # callTrailer
  | OPEN_BRACK subscriptlist CLOSE_BRACK  # subscriptTrailer
  | DOT NAME                          # attributeTrailer
  ;
subscriptlist : subscript (COMMA subscript)* COMMA?;
subscript     : test | test? COLON test? (COLON test?)?;
exprlist      : (expr | star_expr) (COMMA (expr | star_expr))* COMMA?;
testlist      : test (COMMA test)* COMMA?;
testlist_star_expr : (test | star_expr) (COMMA (test | star_expr))* COMMA?;

dictorsetmaker
  : (dict_item | test | star_expr)
    ( comp_for | (COMMA (dict_item | test | star_expr))* COMMA? )
  ;
dict_item : test COLON test | POWER expr;

arglist  : argument (COMMA argument)* COMMA?;
argument
  : namedexpr_test comp_for? # positionalArg
  | NAME ASSIGN test        # keywordArg
  | POWER test              # kwargsArg
  | STAR test               # starArg
  ;

// Comprehension clauses, flattened so that long chains do not recurse.
comp_for    : ASYNC? FOR exprlist IN or_test comp_clause*;
comp_clause : ASYNC? FOR exprlist IN or_test | IF or_test;

yield_expr : YIELD (FROM test | testlist_star_expr)?;
