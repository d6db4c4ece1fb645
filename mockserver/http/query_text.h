// Query strings whose options are not text: a percent-decoded name or value that is not
// well-formed UTF-8 or holds a control character such as NUL (base/utf8.h). Every Graph and
// identity route refuses those with 400 before reading its options.
#pragma once

#include <string>
#include <string_view>

namespace tenantsim::mock {

// What is wrong with the first such parameter of rawQuery (as sent, without '?'), for an error's
// detail, e.g. "query parameter '$filter' is not valid text: overlong encoding of U+002F at
// byte 3"; "" when every parameter is text. The detail never echoes the offending bytes.
std::string queryTextProblem(std::string_view rawQuery);

}  // namespace tenantsim::mock
