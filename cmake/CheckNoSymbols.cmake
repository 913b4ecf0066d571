# cmake -DNM=<nm> -DLIB=<static library> -DFORBIDDEN=<demangled prefix> -P CheckNoSymbols.cmake
# Fails when any symbol of LIB, defined or undefined, demangles to FORBIDDEN...: the library uses
# (or inlines) code of a module it must not depend on. The static library is linked only in
# part into each executable, so a missing dependency does not always fail a link; this reads
# every object of the archive.
if(NOT NM OR NOT LIB OR NOT FORBIDDEN)
  message(FATAL_ERROR "usage: cmake -DNM=<nm> -DLIB=<lib.a> -DFORBIDDEN=<prefix> -P CheckNoSymbols.cmake")
endif()
execute_process(COMMAND ${NM} -C ${LIB} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} -C ${LIB} failed: ${err}")
endif()
string(REGEX MATCHALL "[^\n]*${FORBIDDEN}[^\n]*" bad "${out}")
if(bad)
  list(JOIN bad "\n  " text)
  message(FATAL_ERROR "${LIB} must not use ${FORBIDDEN}* (module layering, see the top-level CMakeLists.txt):\n  ${text}")
endif()
