# SPDX-License-Identifier: MIT
# eremit_add_image(): build an Eremit image with eremit-cc. Included by the
# root CMakeLists.txt before any subdirectory, so every folder can use it.

set(EREMIT_CC ${EREMIT_BIN_DIR}/eremit-cc)
# What every image depends on: the driver, its helper, the linker script,
# liberemit.a (a target: its rebuild relinks the image), and newlib's and
# libgomp's libraries, which scripts/setup.sh rebuilds outside CMake.
set(EREMIT_CC_DEPENDS ${EREMIT_BIN_DIR}/eremit-cc ${EREMIT_BIN_DIR}/eremit-ksyms
  ${EREMIT_LIB_DIR}/eremit.ld eremit
  ${EREMIT_SYSROOT}/lib/libc.a ${EREMIT_SYSROOT}/lib/libm.a ${EREMIT_SYSROOT}/lib/libgomp.a)

# eremit_add_image(TARGET OUTPUT SOURCES... [CFLAGS flags...] [DEPENDS files...]):
# compile and link SOURCES into the image OUTPUT, built by TARGET (part of
# `all`); DEPENDS names more files (headers) whose change rebuilds it.
function(eremit_add_image target output)
  cmake_parse_arguments(PARSE_ARGV 2 img "" "" "CFLAGS;DEPENDS")
  set(srcs ${img_UNPARSED_ARGUMENTS})
  get_filename_component(dir ${output} DIRECTORY)
  add_custom_command(OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND ${EREMIT_CC} -O2 -g ${img_CFLAGS} -o ${output} ${srcs}
    DEPENDS ${srcs} ${img_DEPENDS} ${EREMIT_CC_DEPENDS}
    WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
    COMMENT "Building Eremit image ${output}"
    VERBATIM)
  add_custom_target(${target} ALL DEPENDS ${output})
endfunction()

# eremit_source_cflags(SRC VAR): the flags of SRC's "eremit-test: cflags"
# lines (tests/run_image.sh describes the directives), read at configure
# time; SRC becomes a configure dependency, so editing them reconfigures.
function(eremit_source_cflags src var)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${src})
  file(STRINGS ${src} lines REGEX "eremit-test:[ \t]*cflags[ \t]")
  set(cflags)
  foreach(line IN LISTS lines)
    string(REGEX REPLACE ".*eremit-test:[ \t]*cflags[ \t]+" "" line "${line}")
    string(REGEX REPLACE "[ \t]*\\*/.*$" "" line "${line}")
    separate_arguments(words UNIX_COMMAND "${line}")
    list(APPEND cflags ${words})
  endforeach()
  set(${var} ${cflags} PARENT_SCOPE)
endfunction()
