# a2iot_module(TARGET DIR [LIBS ...]): one static library per module from the module's *.cpp
# (sub-folders listed explicitly by the module). Globbing with CONFIGURE_DEPENDS keeps "add a
# file" a one-step change.
function(a2iot_module target)
  cmake_parse_arguments(M "" "" "DIRS;LIBS;EXCLUDE" ${ARGN})
  if(NOT M_DIRS)
    set(M_DIRS .)
  endif()
  set(srcs)
  foreach(d ${M_DIRS})
    file(GLOB s CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${d}/*.cpp)
    list(APPEND srcs ${s})
  endforeach()
  foreach(x ${M_EXCLUDE})
    list(FILTER srcs EXCLUDE REGEX "${x}")
  endforeach()
  if(NOT srcs)
    # A module whose sources are not written yet is header-only until they are.
    add_library(${target} INTERFACE)
    target_link_libraries(${target} INTERFACE a2iot_root ${M_LIBS})
    return()
  endif()
  add_library(${target} STATIC ${srcs})
  target_link_libraries(${target} PUBLIC a2iot_root ${M_LIBS})
endfunction()

# a2iot_test(NAME DIR LIBS ...): one GoogleTest executable per test folder.
function(a2iot_test name)
  cmake_parse_arguments(T "" "" "DIRS;LIBS;LABELS" ${ARGN})
  set(srcs)
  foreach(d ${T_DIRS})
    file(GLOB s CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${d}/*.cpp)
    list(APPEND srcs ${s})
  endforeach()
  if(NOT srcs)
    return()
  endif()
  add_executable(${name} ${srcs})
  target_link_libraries(${name} PRIVATE a2iot_root GTest::gtest GTest::gtest_main ${T_LIBS})
  target_compile_definitions(${name} PRIVATE
    A2IOT_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    A2IOT_BINARY_DIR="${PROJECT_BINARY_DIR}"
    A2IOT_BIN="${PROJECT_BINARY_DIR}/a2iot")
  # Scenario-level tests run build/a2iot as a subprocess: never let them see a stale binary.
  if(TARGET a2iot)
    add_dependencies(${name} a2iot)
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "${T_LABELS}")
endfunction()
