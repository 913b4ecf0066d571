# Sanitizer builds. Included from the top-level CMakeLists.txt before any module, so every
# target (libraries, tests, the a2iot binary the scenario tests run) is instrumented alike: a
# half-instrumented program gives false container-overflow reports and misses the rest.
#
# A2IOT_SANITIZE=ON: AddressSanitizer + UndefinedBehaviorSanitizer (GCC or Clang), for
# `make sanitize`. Any UB report aborts (-fno-sanitize-recover) so ctest sees a failure.
# A2IOT_FUZZ=ON: the libFuzzer targets under fuzz/ (Clang only), with ASan + UBSan and the
# fuzzer's coverage instrumentation on the project code.

if(A2IOT_SANITIZE OR A2IOT_FUZZ)
  set(_a2iot_san -fsanitize=address,undefined -fno-sanitize-recover=undefined
                 -fno-omit-frame-pointer)
  if(A2IOT_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
      message(FATAL_ERROR "A2IOT_FUZZ needs Clang for libFuzzer "
                          "(configure with -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang; "
                          "Debian packages clang and libclang-rt-dev)")
    endif()
    # fuzzer-no-link: coverage counters everywhere; only the fuzz executables link libFuzzer's
    # main (fuzz/CMakeLists.txt).
    list(APPEND _a2iot_san -fsanitize=fuzzer-no-link)
  endif()
  add_compile_options(${_a2iot_san})
  if(A2IOT_SANITIZE)
    # A sanitizer build keeps assertions (no NDEBUG). Without NDEBUG, Boost 1.74's uBLAS turns on
    # its type checks, which copy vectors with std::allocator<T>::construct, removed in C++20
    # (sim/policies/layer_predictor.cpp supplies its own allocator only for the main path). Its
    # bounds checks (BOOST_UBLAS_CHECK_ENABLE) stay on.
    add_compile_definitions(BOOST_UBLAS_TYPE_CHECK=0)
  endif()
  add_link_options(-fsanitize=address,undefined)
  unset(_a2iot_san)
endif()
