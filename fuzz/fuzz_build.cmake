# The fuzz build (CMakePresets.json "fuzz", docs/fuzzing.md): libFuzzer targets of every parser of
# downloaded files, under AddressSanitizer and UndefinedBehaviorSanitizer, without LibTorch.
# Included by the top-level CMakeLists.txt when FOT_FUZZ is on; builds nothing else.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "FOT_FUZZ needs clang for libFuzzer: cmake --preset fuzz")
endif()
set(FOT_FUZZ_SECONDS 10 CACHE STRING "seconds each fuzz target runs as a test (ctest -L fuzz)")
set(FOT_SANITIZE -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
add_compile_options(${FOT_SANITIZE} -fsanitize=fuzzer-no-link)
add_link_options(${FOT_SANITIZE})
find_package(ICU REQUIRED COMPONENTS uc)

add_subdirectory(common)
add_subdirectory(models)  # fot_core only: the LibTorch side is skipped under FOT_FUZZ
add_subdirectory(tasks)
# The run-config parser of the harness, without the runner it feeds.
add_library(fot_fuzz_run_config STATIC harness/config/run_config.cpp harness/config/config_sections.cpp)
target_link_libraries(fot_fuzz_run_config PUBLIC fot_tasks fot_core yaml-cpp ICU::uc)
add_library(fot_fuzz_input STATIC fuzz/input_file.cpp)
target_link_libraries(fot_fuzz_input PUBLIC fot_common)

enable_testing()
# fot_fuzz_target(<name> <libraries...>): fuzz/<name>.cpp with its seeds in fuzz/corpus/<name>/.
# Its test runs it FOT_FUZZ_SECONDS from the seeds; new inputs go to build-fuzz/fuzz-work/<name>,
# never into the committed corpus.
function(fot_fuzz_target name)
  add_executable(${name} fuzz/${name}.cpp)
  target_link_libraries(${name} PRIVATE fot_fuzz_input ${ARGN})
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  set(work ${CMAKE_BINARY_DIR}/fuzz-work/${name})
  add_test(NAME ${name}
           COMMAND sh -c "rm -rf \"$1\" && mkdir -p \"$1\" && exec \"$0\" -max_total_time=${FOT_FUZZ_SECONDS} \
-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \"$1\" \"$2\""
                   $<TARGET_FILE:${name}> ${work} ${CMAKE_SOURCE_DIR}/fuzz/corpus/${name})
  set_tests_properties(${name} PROPERTIES LABELS fuzz ENVIRONMENT "UBSAN_OPTIONS=print_stacktrace=1")
endfunction()

fot_fuzz_target(fuzz_safetensors_header fot_core)
fot_fuzz_target(fuzz_pickle fot_core)
fot_fuzz_target(fuzz_zip_directory fot_core)
fot_fuzz_target(fuzz_llama2c_header fot_core)
fot_fuzz_target(fuzz_shard_index fot_core)
fot_fuzz_target(fuzz_model_config fot_core)
fot_fuzz_target(fuzz_run_config fot_fuzz_run_config)
fot_fuzz_target(fuzz_trec fot_tasks)
fot_fuzz_target(fuzz_webqs fot_tasks)
fot_fuzz_target(fuzz_zeroshot_data fot_tasks)
