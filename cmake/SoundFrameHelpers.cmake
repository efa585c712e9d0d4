# soundframe_add_test(<name> SOURCES <files...> LIBS <targets...> [LABELS unit|slow] [TIMEOUT s])
# One Qt Test class per tst_<Class>.cpp, registered with ctest as <name>. The tests of one folder are
# linked into one executable, tests_<folder> (tests/core/eval -> tests_core_eval), which runs the class
# its first argument names (tests/support/TestRegistry.h): ctest runs `tests_core_eval tst_Evaluator`.
# One executable per folder, compiled as a unity build (SOUNDFRAME_UNITY_BUILD), parses LibTorch's
# headers once per batch of tests instead of once per test and links once instead of once per test
# (bench/README.md, "The cold build"). Sets SOUNDFRAME_TEST_SUITE in the caller's scope to that
# executable's target, for definitions and dependencies the folder's tests need.
function(soundframe_add_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  file(RELATIVE_PATH folder ${PROJECT_SOURCE_DIR}/tests ${CMAKE_CURRENT_SOURCE_DIR})
  string(REPLACE "/" "_" suite "tests_${folder}")
  if(NOT TARGET ${suite})
    add_executable(${suite} ${PROJECT_SOURCE_DIR}/tests/support/TestMain.cpp)
    target_link_libraries(${suite} PRIVATE Qt6::Test soundframe_testsupport)
  endif()
  target_sources(${suite} PRIVATE ${ARG_SOURCES})
  target_link_libraries(${suite} PRIVATE ${ARG_LIBS})
  # A test's QObject is declared in its tst_*.cpp, which ends with #include "tst_*.moc": moc runs on that
  # one file. (AUTOMOC would add a scan step per target, and its moc unit would load the precompiled
  # LibTorch header for nothing.) Without the target's include paths: moc needs only the test class's
  # own declaration, and following the includes into LibTorch's headers took ~4 s a test for the
  # same output.
  foreach(source IN LISTS ARG_SOURCES)
    get_filename_component(stem ${source} NAME_WE)
    if(stem MATCHES "^tst_")
      set(moc_dir ${CMAKE_CURRENT_BINARY_DIR}/${suite}_moc)
      qt_generate_moc(${source} ${moc_dir}/${stem}.moc)
      target_sources(${suite} PRIVATE ${moc_dir}/${stem}.moc)
      target_include_directories(${suite} PRIVATE ${moc_dir})
    endif()
  endforeach()
  add_test(NAME ${name} COMMAND ${suite} ${name})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;OMP_NUM_THREADS=1")
  set(SOUNDFRAME_TEST_SUITE ${suite} PARENT_SCOPE)
endfunction()

# soundframe_precompile_torch(<dir>)
# LibTorch's headers are most of a cold build: parsing <torch/torch.h> costs ~16 s per translation
# unit, and about 90 of them include it. They are parsed once, into a precompiled header, which every
# target under <dir> with a source that includes a <torch/...> header reuses (~6 s to load it
# instead). Sources that do not include torch themselves keep compiling without it: loading the
# 570 MB header would cost them more than it saves. GCC accepts a reused precompiled header only when
# the flags that shape code match, so every target is position-independent with -fPIC (Qt needs it
# anyway), the build type's flags are the same for all, and a target with compile options of its own
# (the tests' -O1, tests/CMakeLists.txt) reuses a header built with the same options
# (soundframe_torch_pch_for). -Winvalid-pch (CMake adds it) says when one is refused, and is made an
# error below. ccache caches these compiles with sloppiness pch_defines,time_macros (scripts/lib/setup.sh
# sets it).
function(soundframe_precompile_torch dir)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(NOT type MATCHES "^(STATIC_LIBRARY|SHARED_LIBRARY|OBJECT_LIBRARY|EXECUTABLE)$" OR target MATCHES "^soundframe_torch_pch")
      continue()
    endif()
    get_target_property(disabled ${target} DISABLE_PRECOMPILE_HEADERS)
    if(disabled)  # a target whose flags would not match the header's (e.g. -fopenmp)
      continue()
    endif()
    get_target_property(sources ${target} SOURCES)
    get_target_property(source_dir ${target} SOURCE_DIR)
    set(uses_torch FALSE)
    set(plain_sources "")
    foreach(source IN LISTS sources)
      if(NOT source MATCHES "\\.cpp$")
        continue()
      endif()
      cmake_path(ABSOLUTE_PATH source BASE_DIRECTORY ${source_dir})
      set(torch_includes "")
      if(EXISTS ${source})  # generated sources (Qt resources) do not exist yet and include no torch
        file(STRINGS ${source} torch_includes REGEX "^#include <torch/")
      endif()
      if(torch_includes)
        set(uses_torch TRUE)
      else()
        list(APPEND plain_sources ${source})
      endif()
    endforeach()
    if(uses_torch)
      get_target_property(options ${target} COMPILE_OPTIONS)
      if(NOT options)  # unset: options-NOTFOUND
        set(options "")
      endif()
      soundframe_torch_pch_for(pch "${options}")
      target_precompile_headers(${target} REUSE_FROM ${pch})
      # CMake compiles a position-independent executable with -fPIE, which GCC counts as a different
      # setting from the header's -fPIC and refuses the header (~30 s of LibTorch parsing a unit).
      # Executables that link Qt get -fPIC from Qt; the others (bench/) need it said. A refused header
      # is an error, not a warning lost in the log.
      if(type STREQUAL "EXECUTABLE")
        target_compile_options(${target} PRIVATE -fPIC)
      endif()
      if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        target_compile_options(${target} PRIVATE -Werror=invalid-pch)
      endif()
      # In a unity build a batch mixes both kinds, and the header must come first in all of them.
      get_target_property(unity ${target} UNITY_BUILD)
      if(NOT unity AND plain_sources)
        set_source_files_properties(${plain_sources} TARGET_DIRECTORY ${target} PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
      endif()
    endif()
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(subdir IN LISTS subdirs)
    soundframe_precompile_torch(${subdir})
  endforeach()
endfunction()

# soundframe_torch_pch_for(<out-var> <compile-options>)
# The precompiled <torch/torch.h> for targets with these compile options of their own, made the first
# time they are asked for: soundframe_torch_pch for none, soundframe_torch_pch_<hash> otherwise.
function(soundframe_torch_pch_for out options)
  set(name soundframe_torch_pch)
  if(options)
    string(MD5 hash "${options}")
    string(SUBSTRING ${hash} 0 8 hash)
    string(APPEND name _${hash})
  endif()
  if(NOT TARGET ${name})
    # (file(CONFIGURE) rewrites it only when its content changes, so a re-configure rebuilds nothing)
    file(CONFIGURE OUTPUT ${CMAKE_BINARY_DIR}/${name}.cpp
      CONTENT "// the precompiled <torch/torch.h> is built from this empty source\n")
    add_library(${name} OBJECT ${CMAKE_BINARY_DIR}/${name}.cpp)
    target_link_libraries(${name} PRIVATE ${TORCH_LIBRARIES})
    target_compile_options(${name} PRIVATE ${options})
    target_precompile_headers(${name} PRIVATE <torch/torch.h>)
  endif()
  set(${out} ${name} PARENT_SCOPE)
endfunction()
