#pragma once
// A tensor's shape as error messages print it: "[2, 3, 224, 224]".
//
//   throw Error(path, "expected shape " + shapeText(want) + ", found " + shapeText(t.sizes()));
#include <c10/util/ArrayRef.h>

#include <string>

namespace soundframe {

std::string shapeText(c10::IntArrayRef sizes);

} // namespace soundframe
