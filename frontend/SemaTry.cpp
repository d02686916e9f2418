//===- SemaTry.cpp - try / except ------------------------------------------===//
//
// `try: ... except E: ... else: ... finally: ...` catches the runtime
// errors llcc raises (its own checks, `raise`, a callee's error), each an
// instance of one of
// Python's built-in exception classes (codegen/RuntimeErrors.h). A clause
// names built-in classes, a tuple of them, or nothing (bare `except:`,
// which must come last, as CPython's compiler requires); it catches every
// runtime error whose class derives from one it names (Builtins.cpp has
// Python's hierarchy). Sema checks the names and records them on the
// clause; IRGen's dispatch compares the recorded error's class.
//
// `finally` runs on every way out (IRGenTry.cpp).
//
// Not supported, each with a message: reading `e` of `except E as e` (llcc
// has no exception objects; a clause that does not read it is fine), and
// classes other than the built-in ones (numpy's LinAlgError, a module's own
// exceptions), which nothing in llcc raises.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include "Builtins.h"
#include "Diagnostics.h"

namespace llcc {
namespace sema {

/// The class names one `except` clause's type names (a name or a tuple of
/// names), each checked; false after an error.
bool Sema::exceptClasses(const Expr &type, std::vector<std::string> &out) {
  if (auto *tuple = dyn_cast<TupleExpr>(&type)) {
    bool ok = true;
    for (const ExprPtr &el : tuple->elements)
      ok = exceptClasses(*el, out) && ok;
    return ok;
  }
  auto *name = dyn_cast<NameExpr>(&type);
  if (!name) {
    error(type.loc(), "an except clause names built-in exception classes (except ValueError:, "
                      "except (KeyError, IndexError):)");
    return false;
  }
  if (locals_.count(name->name) || constants_.count(name->name) ||
      functions_.count(name->name) || !builtinExceptionBase(name->name)) {
    error(name->loc(), "'" + name->name + "' is not one of Python's built-in exception "
                       "classes; llcc raises and catches only those (ValueError, "
                       "ZeroDivisionError, IndexError, ...)");
    return false;
  }
  out.push_back(name->name);
  return true;
}

void Sema::walkTry(TryStmt &s, unsigned loopDepth) {
  walkBlock(s.body, loopDepth);
  for (size_t i = 0; i < s.handlers.size(); ++i) {
    ExceptClause &h = s.handlers[i];
    h.caught.clear();
    if (!h.type) {
      if (i + 1 != s.handlers.size())
        error(h.loc, "default 'except:' must be last");
      h.caught.push_back("BaseException");
    } else if (!exceptClasses(*h.type, h.caught)) {
      h.caught.clear();
    }
    // `as e` binds nothing in llcc (it has no exception objects): a clause
    // that never reads e is accepted; a read is an error (typeOfName), and
    // so is a name the function uses for a variable as well.
    if (!h.asName.empty() && locals_.count(h.asName))
      error(h.loc, "'except ... as " + h.asName + "' would rebind the variable '" + h.asName +
                       "' (and delete it after the clause); name the exception differently");
    if (!h.asName.empty())
      exceptNames_.push_back(h.asName);
    walkBlock(h.body, loopDepth);
    if (!h.asName.empty())
      exceptNames_.pop_back();
  }
  walkBlock(s.elseBody, loopDepth);
  // `finally` runs on every way out of the try (IRGenTry.cpp copies it onto
  // each); a return, break or continue in it is CPython's too.
  walkBlock(s.finallyBody, loopDepth);
}

} // namespace sema
} // namespace llcc
