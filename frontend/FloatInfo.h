//===- FloatInfo.h - The limits of float64 ---------------------------------===//
//
// np.finfo(np.float64) and sys.float_info attributes by qualified name
// ("numpy.finfo.eps", "sys.float_info.max"): Sema types them
// (SemaDtype.cpp) and IRGen emits their values.
//
//===----------------------------------------------------------------------===//
#ifndef LLCC_FRONTEND_FLOATINFO_H
#define LLCC_FRONTEND_FLOATINFO_H

#include <string>

namespace llcc {

/// The value of a float64 limit and whether it is an int; false when
/// `qualifiedName` names none.
bool findFloatInfo(const std::string &qualifiedName, double &value, bool &isInt);

} // namespace llcc

#endif
