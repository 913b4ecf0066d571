# cmake -DDIR=<folder> -DFORBIDDEN=<prefix> -P CheckNoInclude.cmake
# Fails (FATAL_ERROR, so a non-zero exit) when a .hpp/.cpp under DIR, recursively, has
# `#include "<FORBIDDEN>...`. Used by CTest to keep the module layering one-way (sim/ below
# analysis/); the linker alone cannot see a header-only use.
if(NOT DIR OR NOT FORBIDDEN)
  message(FATAL_ERROR "usage: cmake -DDIR=<folder> -DFORBIDDEN=<prefix> -P CheckNoInclude.cmake")
endif()
file(GLOB_RECURSE files "${DIR}/*.hpp" "${DIR}/*.cpp" "${DIR}/*.h")
if(NOT files)
  message(FATAL_ERROR "${DIR}: no sources found (wrong folder?)")
endif()
set(bad "")
foreach(f ${files})
  file(STRINGS "${f}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<]${FORBIDDEN}")
  foreach(l ${lines})
    string(APPEND bad "\n  ${f}: ${l}")
  endforeach()
endforeach()
if(bad)
  message(FATAL_ERROR "${DIR} must not include ${FORBIDDEN}* (module layering, see the top-level CMakeLists.txt):${bad}")
endif()
