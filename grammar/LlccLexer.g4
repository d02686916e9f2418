//===- LlccLexer.g4 - Tokens of llcc's Python subset ----------------------===//
//
// The raw tokens of Python 3 as far as llcc needs them. Layout is not done
// here: NEWLINE is emitted for every line end, and INDENT/DEDENT are
// synthesised by llcc::LayoutLexer (frontend/Lexer.cpp), which also drops
// blank lines and newlines inside brackets. The input reaching this lexer has
// been decoded and normalised by Lexer.cpp: no BOM, '\n' line ends only.
//
// No token is ever refused: unterminated strings and stray characters become
// UNTERMINATED_* and ERROR_CHAR tokens, which Lexer.cpp turns into
// diagnostics, so the ANTLR lexer never reports errors of its own.
//
//===----------------------------------------------------------------------===//
lexer grammar LlccLexer;

tokens { INDENT, DEDENT }

// Keywords (Python 3.8).
FALSE    : 'False';
NONE     : 'None';
TRUE     : 'True';
AND      : 'and';
AS       : 'as';
ASSERT   : 'assert';
ASYNC    : 'async';
AWAIT    : 'await';
BREAK    : 'break';
CLASS    : 'class';
CONTINUE : 'continue';
DEF      : 'def';
DEL      : 'del';
ELIF     : 'elif';
ELSE     : 'else';
EXCEPT   : 'except';
FINALLY  : 'finally';
FOR      : 'for';
FROM     : 'from';
GLOBAL   : 'global';
IF       : 'if';
IMPORT   : 'import';
IN       : 'in';
IS       : 'is';
LAMBDA   : 'lambda';
NONLOCAL : 'nonlocal';
NOT      : 'not';
OR       : 'or';
PASS     : 'pass';
RAISE    : 'raise';
RETURN   : 'return';
TRY      : 'try';
WHILE    : 'while';
WITH     : 'with';
YIELD    : 'yield';

NEWLINE : '\r'? '\n' | '\r';

NAME : ID_START ID_CONTINUE*;

// Numbers. An IMAG_NUMBER is lexed so that it can be refused with a message.
DECIMAL_INTEGER : [1-9] ('_'? DIGIT)* | '0' ('_'? '0')*;
OCT_INTEGER     : '0' [oO] ('_'? [0-7])+;
HEX_INTEGER     : '0' [xX] ('_'? [0-9a-fA-F])+;
BIN_INTEGER     : '0' [bB] ('_'? [01])+;
FLOAT_NUMBER    : POINT_FLOAT | EXPONENT_FLOAT;
IMAG_NUMBER     : (FLOAT_NUMBER | DIGIT_PART) [jJ];

// Strings, with their prefix; AstBuilder decodes escapes.
STRING : STRING_PREFIX? (SHORT_STRING | LONG_STRING);
UNTERMINATED_STRING
  : STRING_PREFIX? ('\'' ('\\' . | ~[\\\r\n'])* | '"' ('\\' . | ~[\\\r\n"])*);
UNTERMINATED_LONG_STRING
  : STRING_PREFIX? ( '\'\'\'' ('\\' . | ~['\\] | '\'' ~['\\] | '\'\'' ~['\\])*
                   | '"""' ('\\' . | ~["\\] | '"' ~["\\] | '""' ~["\\])*);

// Operators and delimiters; the longest match wins.
ELLIPSIS      : '...';
DOT           : '.';
STAR          : '*';
POWER         : '**';
OPEN_PAREN    : '(';
CLOSE_PAREN   : ')';
OPEN_BRACK    : '[';
CLOSE_BRACK   : ']';
OPEN_BRACE    : '{';
CLOSE_BRACE   : '}';
COMMA         : ',';
COLON         : ':';
SEMI          : ';';
ASSIGN        : '=';
ARROW         : '->';
WALRUS        : ':=';
OR_OP         : '|';
XOR           : '^';
AND_OP        : '&';
LEFT_SHIFT    : '<<';
RIGHT_SHIFT   : '>>';
ADD           : '+';
MINUS         : '-';
DIV           : '/';
MOD           : '%';
IDIV          : '//';
NOT_OP        : '~';
AT            : '@';
LT            : '<';
GT            : '>';
EQ            : '==';
GE            : '>=';
LE            : '<=';
NE            : '!=';
ADD_ASSIGN    : '+=';
SUB_ASSIGN    : '-=';
MULT_ASSIGN   : '*=';
AT_ASSIGN     : '@=';
DIV_ASSIGN    : '/=';
MOD_ASSIGN    : '%=';
AND_ASSIGN    : '&=';
OR_ASSIGN     : '|=';
XOR_ASSIGN    : '^=';
LSHIFT_ASSIGN : '<<=';
RSHIFT_ASSIGN : '>>=';
POWER_ASSIGN  : '**=';
IDIV_ASSIGN   : '//=';

// Hidden: whitespace, comments and backslash continuations.
WS        : [ \t\f]+ -> channel(HIDDEN);
COMMENT   : '#' ~[\r\n]* -> channel(HIDDEN);
LINE_JOIN : '\\' ('\r'? '\n' | '\r') -> channel(HIDDEN);

// Anything else (including a backslash not followed by a line end).
ERROR_CHAR : .;

fragment DIGIT          : [0-9];
fragment DIGIT_PART     : DIGIT ('_'? DIGIT)*;
fragment POINT_FLOAT    : DIGIT_PART? '.' DIGIT_PART | DIGIT_PART '.';
fragment EXPONENT_FLOAT : (DIGIT_PART | POINT_FLOAT) [eE] [+-]? DIGIT_PART;
fragment STRING_PREFIX  : [rRuUfFbB] | [bB][rR] | [rR][bB] | [fF][rR] | [rR][fF];
fragment SHORT_STRING
  : '\'' ('\\' . | ~[\\\r\n'])* '\''
  | '"' ('\\' . | ~[\\\r\n"])* '"';
fragment LONG_STRING
  : '\'\'\'' ('\\' . | ~'\\')*? '\'\'\''
  | '"""' ('\\' . | ~'\\')*? '"""';
fragment ID_START    : [_\p{XID_Start}];
fragment ID_CONTINUE : [_\p{XID_Continue}];
