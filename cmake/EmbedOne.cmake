# Writes OUT: a C++ source defining tenantsim::embedded::SYM() over the bytes of IN.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" len)
math(EXPR n "${len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE ${OUT} "#include <string_view>\nnamespace tenantsim::embedded {\nstatic const char data[] = {${bytes} 0};\nstd::string_view ${SYM}() { return {data, ${n}}; }\n}\n")
