# embed_files(target file...): a static library exposing each file's bytes as
#   std::string_view tenantsim::embedded::<name>()   (name = file stem, '.' and '-' -> '_')
# declared in the generated header "embedded/files.h".
function(embed_files target)
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/embedded)
  set(header "#pragma once\n#include <string_view>\nnamespace tenantsim::embedded {\n")
  set(sources "")
  foreach(rel ${ARGN})
    set(src ${CMAKE_CURRENT_SOURCE_DIR}/${rel})
    get_filename_component(stem ${rel} NAME)
    string(REGEX REPLACE "[.-]" "_" sym ${stem})
    set(cc ${out_dir}/${sym}.cc)
    add_custom_command(OUTPUT ${cc}
      COMMAND ${CMAKE_COMMAND} -DIN=${src} -DOUT=${cc} -DSYM=${sym} -P ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/EmbedOne.cmake
      DEPENDS ${src} ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/EmbedOne.cmake)
    list(APPEND sources ${cc})
    string(APPEND header "std::string_view ${sym}();\n")
  endforeach()
  string(APPEND header "}  // namespace tenantsim::embedded\n")
  file(WRITE ${out_dir}/files.h.in "${header}")
  configure_file(${out_dir}/files.h.in ${out_dir}/include/embedded/files.h COPYONLY)
  add_library(${target} STATIC ${sources})
  target_include_directories(${target} PUBLIC ${out_dir}/include)
endfunction()
