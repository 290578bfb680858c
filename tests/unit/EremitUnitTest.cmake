# SPDX-License-Identifier: MIT
# eremit_unit_test(): host unit tests of portable code under sanitizers.
# Included by the root CMakeLists.txt before any subdirectory, so the kernel,
# monitor and tests folders can all register tests.
#
#   eremit_unit_test(NAME [TSAN] SOURCES...)
#
# builds host executable target NAME from SOURCES with ASan+UBSan (or TSan with
# TSAN), -Wall -Wextra -Werror, include dirs include/ and the calling folder,
# and registers it as test unit.NAME (label unit). Failure is a non-zero exit
# or any sanitizer report.
function(eremit_unit_test name)
  cmake_parse_arguments(PARSE_ARGV 1 ut "TSAN" "" "")
  if(NOT ut_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "eremit_unit_test(${name}): no sources")
  endif()
  if(ut_TSAN)
    set(san -fsanitize=thread)
  else()
    set(san -fsanitize=address,undefined -fno-sanitize-recover=all)
  endif()
  set(exe ${name})
  add_executable(${exe} ${ut_UNPARSED_ARGUMENTS})
  target_compile_options(${exe} PRIVATE ${san} -fno-omit-frame-pointer -g ${EREMIT_WARNINGS})
  target_link_options(${exe} PRIVATE ${san})
  target_include_directories(${exe} PRIVATE ${CMAKE_SOURCE_DIR}/include ${CMAKE_CURRENT_SOURCE_DIR})
  add_test(NAME unit.${name} COMMAND ${exe})
  set_tests_properties(unit.${name} PROPERTIES LABELS unit TIMEOUT 120
    ENVIRONMENT "ASAN_OPTIONS=abort_on_error=0:detect_leaks=1;UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1;TSAN_OPTIONS=halt_on_error=1")
endfunction()
