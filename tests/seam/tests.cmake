# The model seam (models/language_model.h) on the real backends and the shipped tiny models (zoo/):
# extend, batched scoring and generation, states shared by threads, workers: 2 == workers: 1.
fot_test_folder(seam LIBS fot_models ATEN_PCH)

# The two-thread tests and run_blocks's pool alone, under ThreadSanitizer (preset "tsan"): needs none of the harness.
if(FOT_TSAN)
  add_executable(test_seam_threads ${CMAKE_CURRENT_SOURCE_DIR}/seam/shared_state_test.cpp
                                   ${CMAKE_CURRENT_SOURCE_DIR}/seam/parallel_blocks_test.cpp)
  target_link_libraries(test_seam_threads PRIVATE fot_models GTest::gtest GTest::gtest_main)
  target_compile_definitions(test_seam_threads PRIVATE FOT_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  gtest_discover_tests(test_seam_threads DISCOVERY_TIMEOUT 120 PROPERTIES LABELS tsan
                       ENVIRONMENT "TSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/seam/tsan.supp halt_on_error=1")
endif()
